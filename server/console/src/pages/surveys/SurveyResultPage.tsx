import { PageContainer } from '@ant-design/pro-components';
import { SURVEY_STATUS_LABELS, type SurveyAdmin, type SurveyResults } from '@member/shared';
import { Badge, Button, Descriptions, Popconfirm, Result, Skeleton, Space } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { surveysApi } from '../../api/surveys';
import { useSession } from '../../auth/AuthContext';
import { showError, showSuccess } from '../../utils/feedback';
import { minute } from '../events/event-labels';
import { SurveyResultsPanel } from './SurveyResultsPanel';
import { targetText } from './survey-labels';

/** A satisfaction survey's result: NPS, the 0–10 distribution, its questions and the answers; writers end it. */
export function SurveyResultPage() {
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const { permissions } = useSession();
  const [survey, setSurvey] = useState<SurveyAdmin | null>(null);
  const [results, setResults] = useState<SurveyResults | null>(null);
  const [missing, setMissing] = useState(false);

  const load = useCallback(async () => {
    try {
      const [s, r] = await Promise.all([surveysApi.get(id), surveysApi.results(id)]);
      if (s.kind === 'EVENT_FEEDBACK' && s.event) {
        navigate(`/events/${s.event.id}/feedback`, { replace: true });
        return;
      }
      setSurvey(s);
      setResults(r);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) setMissing(true);
      else showError(e);
    }
  }, [id, navigate]);

  useEffect(() => {
    void load();
  }, [load]);

  if (missing)
    return (
      <Result status="404" title="问卷不存在" extra={<Button onClick={() => navigate('/surveys/nps')}>返回</Button>} />
    );
  if (!survey || !results) return <Skeleton active style={{ padding: 24 }} />;
  const open = survey.status === 'OPEN' && Date.parse(survey.closesAt) > Date.now();
  return (
    <PageContainer
      title={survey.title}
      subTitle={<Badge status={open ? 'processing' : 'default'} text={open ? '进行中' : SURVEY_STATUS_LABELS.CLOSED} />}
      onBack={() => navigate('/surveys/nps')}
      extra={
        permissions.manageEvents &&
        open && (
          <Popconfirm
            title="结束后会员不能再填写，确定结束？"
            onConfirm={async () => {
              try {
                await surveysApi.close(survey.id, survey.version);
                showSuccess('问卷已结束');
                void load();
              } catch (e) {
                showError(e);
              }
            }}
          >
            <Button danger data-testid="survey-close">
              结束调查
            </Button>
          </Popconfirm>
        )
      }
    >
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <Descriptions size="small" column={3} bordered>
          <Descriptions.Item label="发送对象">{targetText(survey)}</Descriptions.Item>
          <Descriptions.Item label="发送时间">{minute(survey.opensAt)}</Descriptions.Item>
          <Descriptions.Item label="截止时间">{minute(survey.closesAt)}</Descriptions.Item>
        </Descriptions>
        <SurveyResultsPanel survey={survey} results={results} />
      </Space>
    </PageContainer>
  );
}
