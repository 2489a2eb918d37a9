import { useCallback } from 'react';
import { useRouter } from '@tarojs/taro';
import { PageShell } from '../../../components/PageShell';
import { surveysApi } from '../../../services/surveys-api';
import { SurveyPage } from '../SurveyPage';
import '../events.scss';

/** 满意度调查 (NPS): opened from the card on 我的. */
export default function NpsSurveyPage() {
  const id = Number(useRouter().params.id);
  const load = useCallback(() => surveysApi.get(id), [id]);
  return (
    <PageShell>
      <SurveyPage load={load} />
    </PageShell>
  );
}
