import { useCallback, useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Loading } from '@nutui/nutui-react-taro';
import type { MemberSurvey } from '@member/shared';
import { StateBlock } from '../../components/StateBlock';
import { showSuccess } from '../../components/feedback';
import { errorMessage } from '../../services/api-error';
import { eventTimeRange, formatMinute } from '../../utils/events';
import { SurveyAnswered, SurveyForm } from './SurveyForm';
import './surveys.scss';

const STATE_TEXT = {
  NOT_YET: { title: '活动结束后即可评价', description: '到时我们会提醒您' },
  EXPIRED: { title: '评价已截止', description: '感谢您的关注' },
} as const;

/** One survey's page: the form while open, the member's answers once given, or why it cannot be answered. */
export function SurveyPage(props: { load: () => Promise<MemberSurvey> }) {
  const { load } = props;
  const [survey, setSurvey] = useState<MemberSurvey | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(async () => {
    try {
      setSurvey(await load());
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [load]);

  useEffect(() => {
    void reload();
  }, [reload]);

  if (error)
    return (
      <StateBlock
        id="survey-error"
        status="error"
        title="无法打开问卷"
        description={error}
        actions={[{ text: '重新加载', onClick: () => void reload() }]}
      />
    );
  if (!survey)
    return (
      <View className="events__state">
        <Loading type="circular">加载中…</Loading>
      </View>
    );
  const blocked = survey.state === 'NOT_YET' || survey.state === 'EXPIRED' ? STATE_TEXT[survey.state] : null;
  return (
    <View className="survey-page">
      <View className="survey survey__head">
        <Text className="survey__event">{survey.event?.title ?? survey.title}</Text>
        {survey.event && (
          <Text className="survey__meta">
            {eventTimeRange(survey.event.startsAt, survey.event.endsAt)} · {survey.event.storeName}
          </Text>
        )}
        {survey.state === 'OPEN' && <Text className="survey__meta">{formatMinute(survey.closesAt)} 前可提交</Text>}
      </View>
      {survey.state === 'OPEN' && (
        <SurveyForm
          survey={survey}
          onDone={() => {
            showSuccess('感谢评价');
            void reload();
          }}
        />
      )}
      {survey.state === 'ANSWERED' && <SurveyAnswered survey={survey} answers={survey.myResponse} />}
      {blocked && (
        <StateBlock
          id="survey-blocked"
          title={blocked.title}
          description={blocked.description}
          actions={[{ text: '返回', onClick: () => void Taro.navigateBack() }]}
        />
      )}
    </View>
  );
}
