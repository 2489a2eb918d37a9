import { SettingOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import type { SurveyAdmin, SurveyResults } from '@member/shared';
import { Alert, Button, Result, Skeleton } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { surveysApi } from '../../api/surveys';
import { useSession } from '../../auth/AuthContext';
import { showError } from '../../utils/feedback';
import { minute } from '../events/event-labels';
import { SurveyResultsPanel } from './SurveyResultsPanel';
import { SurveySettingsForm } from './SurveySettingsForm';

/**
 * 活动评价 of one event: average rating, the 1–5 distribution, tags, the added questions and the comments
 * (CSV); writers change the survey's tags, low-rating line and questions.
 */
export function EventFeedbackPage() {
  const eventId = Number(useParams().id);
  const navigate = useNavigate();
  const { permissions } = useSession();
  const [survey, setSurvey] = useState<SurveyAdmin | null>(null);
  const [results, setResults] = useState<SurveyResults | null>(null);
  const [missing, setMissing] = useState(false);

  const load = useCallback(async () => {
    try {
      const s = await surveysApi.forEvent(eventId);
      setSurvey(s);
      setResults(await surveysApi.results(s.id));
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) setMissing(true);
      else showError(e);
    }
  }, [eventId]);

  useEffect(() => {
    void load();
  }, [load]);

  if (missing)
    return (
      <Result
        status="404"
        title="活动不存在"
        extra={<Button onClick={() => navigate('/events/list')}>返回活动列表</Button>}
      />
    );
  if (!survey || !results) return <Skeleton active style={{ padding: 24 }} />;
  const now = Date.now();
  const window =
    now < Date.parse(survey.opensAt)
      ? `活动结束后开放评价（${minute(survey.opensAt)} 起）`
      : now < Date.parse(survey.closesAt)
        ? `评价进行中，${minute(survey.closesAt)} 截止`
        : `评价已于 ${minute(survey.closesAt)} 截止`;
  return (
    <PageContainer
      title={`活动评价：${survey.event?.title ?? survey.title}`}
      onBack={() => navigate(`/events/${eventId}`)}
      extra={
        permissions.manageEvents && (
          <SurveySettingsForm
            survey={survey}
            onDone={(s) => {
              setSurvey(s);
              void load();
            }}
            trigger={
              <Button icon={<SettingOutlined />} data-testid="survey-settings">
                问卷设置
              </Button>
            }
          />
        )
      }
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        message={`${window}；评分 ≤ ${survey.lowRatingMax} 星自动创建回访工单。`}
      />
      <SurveyResultsPanel survey={survey} results={results} />
    </PageContainer>
  );
}
