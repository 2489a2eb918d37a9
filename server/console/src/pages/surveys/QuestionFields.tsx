import { ProFormGroup, ProFormList, ProFormSelect, ProFormSwitch, ProFormText } from '@ant-design/pro-components';
import {
  SURVEY_EXTRA_KINDS,
  SURVEY_QUESTION_KIND_LABELS,
  SURVEY_RULES as R,
  type SurveyQuestion,
  type SurveyQuestionInput,
  type SurveyQuestionKind,
} from '@member/shared';

export interface QuestionValues {
  id?: string;
  kind: SurveyQuestionKind;
  title: string;
  options?: string[];
  required?: boolean;
}

const CHOICES: SurveyQuestionKind[] = ['SINGLE', 'MULTI'];

export const questionValues = (questions: SurveyQuestion[]): QuestionValues[] =>
  questions
    .filter((q) => !q.builtIn)
    .map((q) => ({ id: q.id, kind: q.kind, title: q.title, options: q.options, required: q.required }));

export const questionInputs = (values: QuestionValues[] | undefined): SurveyQuestionInput[] =>
  (values ?? []).map((q) => ({
    ...(q.id ? { id: q.id } : {}),
    kind: q.kind,
    title: q.title.trim(),
    options: CHOICES.includes(q.kind) ? (q.options ?? []).map((o) => o.trim()).filter(Boolean) : [],
    required: !!q.required,
  }));

/** 附加题目: single / multiple choice, text, 0–10; options for the choices (type and press Enter). */
export function QuestionFields({ builtIns }: { builtIns: number }) {
  return (
    <ProFormList<QuestionValues>
      name="questions"
      label="附加题目"
      tooltip={`内置题目之后追加，最多共 ${R.maxQuestions} 题`}
      max={R.maxQuestions - builtIns}
      creatorButtonProps={{ creatorButtonText: '添加题目' }}
      creatorRecord={{ kind: 'SINGLE', title: '', options: [], required: false }}
      copyIconProps={false}
    >
      {(_f, _i, action) => {
        const kind = action.getCurrentRowData()?.kind as SurveyQuestionKind | undefined;
        return (
          <ProFormGroup>
            <ProFormSelect
              name="kind"
              label="题型"
              width={130}
              allowClear={false}
              options={SURVEY_EXTRA_KINDS.map((k) => ({ value: k, label: SURVEY_QUESTION_KIND_LABELS[k] }))}
            />
            <ProFormText
              name="title"
              label="题目"
              width="md"
              rules={[
                { required: true, message: '请输入题目' },
                {
                  min: R.questionTitle.min,
                  max: R.questionTitle.max,
                  message: `题目须为 ${R.questionTitle.min}–${R.questionTitle.max} 个字`,
                },
              ]}
            />
            {kind && CHOICES.includes(kind) && (
              <ProFormSelect
                name="options"
                label="选项"
                width="md"
                mode="tags"
                placeholder="输入后回车添加"
                rules={[
                  { required: true, message: '请添加选项' },
                  {
                    validator: (_: unknown, v: string[] | undefined) =>
                      v && v.length >= 2 && v.length <= R.maxOptions
                        ? Promise.resolve()
                        : Promise.reject(new Error(`选项须为 2–${R.maxOptions} 个`)),
                  },
                ]}
              />
            )}
            <ProFormSwitch name="required" label="必答" />
          </ProFormGroup>
        );
      }}
    </ProFormList>
  );
}
