import { useCallback } from 'react';
import { useRouter } from '@tarojs/taro';
import { PageShell } from '../../../components/PageShell';
import { surveysApi } from '../../../services/surveys-api';
import { SurveyPage } from '../SurveyPage';
import '../events.scss';

/** 活动评价: opened from 我的活动 (去评价) or the feedback request notice, by the sign-up. */
export default function FeedbackPage() {
  const signupId = Number(useRouter().params.signupId);
  const load = useCallback(() => surveysApi.feedback(signupId), [signupId]);
  return (
    <PageShell>
      <SurveyPage load={load} />
    </PageShell>
  );
}
