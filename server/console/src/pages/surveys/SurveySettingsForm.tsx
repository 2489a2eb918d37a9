import { ModalForm, ProFormRadio, ProFormSelect } from '@ant-design/pro-components';
import { SURVEY_RULES as R, type SurveyAdmin } from '@member/shared';
import type { ReactElement } from 'react';
import { surveysApi } from '../../api/surveys';
import { showError, showSuccess } from '../../utils/feedback';
import { QuestionFields, questionInputs, questionValues, type QuestionValues } from './QuestionFields';

interface SettingsValues {
  tags: string[];
  lowRatingMax: number;
  questions: QuestionValues[];
}

/**
 * 问卷设置 of an event's feedback: the tags offered, the low-rating line that opens a follow-up task, and the
 * operator's added questions (rating, tags and comment always stay first). Saved against the version shown.
 */
export function SurveySettingsForm({
  survey,
  trigger,
  onDone,
}: {
  survey: SurveyAdmin;
  trigger: ReactElement;
  onDone: (s: SurveyAdmin) => void;
}) {
  const tags = survey.questions.find((q) => q.kind === 'TAGS')?.options ?? [];
  return (
    <ModalForm<SettingsValues>
      title="问卷设置"
      width={760}
      trigger={trigger}
      modalProps={{ destroyOnClose: true, maskClosable: false }}
      initialValues={{ tags, lowRatingMax: survey.lowRatingMax, questions: questionValues(survey.questions) }}
      submitter={{ submitButtonProps: { 'data-testid': 'survey-settings-submit' } }}
      onFinish={async (v) => {
        try {
          const saved = await surveysApi.update(survey.id, {
            version: survey.version,
            tags: v.tags,
            lowRatingMax: v.lowRatingMax,
            questions: questionInputs(v.questions),
          });
          showSuccess('问卷已保存');
          onDone(saved);
          return true;
        } catch (e) {
          showError(e);
          return false;
        }
      }}
    >
      <ProFormSelect
        name="tags"
        label="评价标签"
        mode="tags"
        tooltip="会员评价时可多选"
        rules={[
          {
            validator: (_: unknown, v: string[] | undefined) =>
              v && v.length >= 1 && v.length <= R.maxOptions
                ? Promise.resolve()
                : Promise.reject(new Error(`标签须为 1–${R.maxOptions} 个`)),
          },
        ]}
      />
      <ProFormRadio.Group
        name="lowRatingMax"
        label="低分回访"
        tooltip="评分不高于此星级时，自动为活动门店创建回访工单"
        options={[1, 2, 3, 4].map((n) => ({ value: n, label: `≤ ${n} 星` }))}
      />
      <QuestionFields builtIns={survey.questions.filter((q) => q.builtIn).length} />
    </ModalForm>
  );
}
