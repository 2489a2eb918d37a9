import { useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Button, Rate, TextArea } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/rate/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css';
import { SURVEY_RULES, type MemberSurvey, type SurveyQuestion, type SurveySubmitResult } from '@member/shared';
import { showError, showInfo } from '../../components/feedback';
import { isApiError } from '../../services/api-error';
import { surveysApi } from '../../services/surveys-api';
import { outcomeUnknown } from '../../utils/refund-attempt';
import { newEventRequestId } from '../../utils/events';
import { RATING_WORDS, answersOf, missingRequired, toggle, type AnswerDraft } from '../../utils/surveys';
import './surveys.scss';

const SCALE = Array.from({ length: 11 }, (_, i) => i);

function Chips(props: {
  id: string;
  options: string[];
  chosen: string[];
  multi: boolean;
  onPick: (o: string) => void;
}) {
  return (
    <View id={props.id} className="survey__chips" aria-role={props.multi ? 'group' : 'radiogroup'}>
      {props.options.map((o) => {
        const on = props.chosen.includes(o);
        return (
          <View
            key={o}
            className={`survey__chip ${on ? 'survey__chip--on' : ''}`}
            aria-role={props.multi ? 'checkbox' : 'radio'}
            aria-checked={on}
            onClick={() => props.onPick(o)}
          >
            <Text>{o}</Text>
          </View>
        );
      })}
    </View>
  );
}

function QuestionInput(props: {
  q: SurveyQuestion;
  value: AnswerDraft[string];
  onChange: (v: AnswerDraft[string]) => void;
}) {
  const { q, value, onChange } = props;
  const id = `survey-q-${q.id}`;
  switch (q.kind) {
    case 'RATING': {
      const n = typeof value === 'number' ? value : 0;
      return (
        <View id={id} className="survey__rate">
          <Rate count={5} value={n} onChange={(v) => onChange(v)} />
          <Text className="survey__rate-word">{RATING_WORDS[n] || '点击星星评分'}</Text>
        </View>
      );
    }
    case 'NPS':
    case 'SCALE':
      return (
        <View>
          <View id={id} className="survey__scale" aria-role="radiogroup">
            {SCALE.map((n) => (
              <View
                key={n}
                className={`survey__scale-item ${value === n ? 'survey__scale-item--on' : ''}`}
                aria-role="radio"
                aria-checked={value === n}
                onClick={() => onChange(n)}
              >
                <Text>{n}</Text>
              </View>
            ))}
          </View>
          <View className="survey__scale-ends">
            <Text>{q.kind === 'NPS' ? '不可能' : '很低'}</Text>
            <Text>{q.kind === 'NPS' ? '非常可能' : '很高'}</Text>
          </View>
        </View>
      );
    case 'TAGS':
    case 'MULTI':
      return (
        <Chips
          id={id}
          options={q.options}
          multi
          chosen={Array.isArray(value) ? value : []}
          onPick={(o) => onChange(toggle(Array.isArray(value) ? value : [], o))}
        />
      );
    case 'SINGLE':
      return (
        <Chips
          id={id}
          options={q.options}
          multi={false}
          chosen={typeof value === 'string' ? [value] : []}
          onPick={(o) => onChange(value === o ? undefined : o)}
        />
      );
    default:
      return (
        <View id={id} className="survey__text">
          <TextArea
            value={typeof value === 'string' ? value : ''}
            placeholder={q.kind === 'COMMENT' ? '说说您的感受（选填）' : '请填写'}
            maxLength={SURVEY_RULES.comment.max}
            showCount
            rows={3}
            onChange={(v) => onChange(v)}
          />
        </View>
      );
  }
}

/**
 * A survey's questions and 提交: the request id is made once and kept while a submission's outcome is
 * unknown (a retry then answers the first submission), replaced after a refusal.
 */
export function SurveyForm(props: { survey: MemberSurvey; onDone: (r: SurveySubmitResult) => void }) {
  const { survey } = props;
  const [draft, setDraft] = useState<AnswerDraft>({});
  const [busy, setBusy] = useState(false);
  const attempt = useRef({ requestId: newEventRequestId('F'), sent: null as ReturnType<typeof answersOf> | null });

  const submit = async () => {
    const missing = missingRequired(survey.questions, draft);
    if (missing && !attempt.current.sent) {
      showInfo(missing.kind === 'RATING' ? '请先评分' : '还有必答题');
      return;
    }
    const answers = attempt.current.sent ?? answersOf(survey.questions, draft);
    setBusy(true);
    try {
      const res = await surveysApi.submit(survey.id, {
        answers,
        requestId: attempt.current.requestId,
        ...(survey.signupId ? { signupId: survey.signupId } : {}),
      });
      props.onDone(res);
    } catch (e) {
      if (outcomeUnknown(e)) attempt.current = { ...attempt.current, sent: answers };
      else attempt.current = { requestId: newEventRequestId('F'), sent: null };
      // Answered elsewhere meanwhile: show the answered state.
      if (isApiError(e) && e.code === 'SURVEY_ALREADY_ANSWERED')
        props.onDone({ surveyId: survey.id, response: { id: 0, answers, createdAt: '' }, followUp: false });
      else showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="survey">
      {survey.questions.map((q, i) => (
        <View key={q.id} className="survey__question">
          <Text className="survey__title">
            {survey.questions.length > 1 ? `${i + 1}. ` : ''}
            {q.title}
            {q.required ? <Text className="survey__required"> *</Text> : null}
          </Text>
          <QuestionInput q={q} value={draft[q.id]} onChange={(v) => setDraft((d) => ({ ...d, [q.id]: v }))} />
        </View>
      ))}
      <Button
        id="survey-submit"
        className="survey__submit"
        type="primary"
        block
        loading={busy}
        onClick={() => void submit()}
      >
        提交
      </Button>
    </View>
  );
}

/** The member's answers read back (已评价). */
export function SurveyAnswered(props: { survey: MemberSurvey; answers: MemberSurvey['myResponse'] }) {
  const answers = props.answers?.answers ?? [];
  const byId = new Map(answers.map((a) => [a.questionId, a.value]));
  return (
    <View id="survey-answered" className="survey survey--answered">
      <Text className="survey__thanks">感谢您的评价！</Text>
      {props.survey.questions
        .filter((q) => byId.has(q.id))
        .map((q) => {
          const v = byId.get(q.id)!;
          return (
            <View key={q.id} className="survey__answer">
              <Text className="survey__answer-label">{q.title}</Text>
              {q.kind === 'RATING' ? (
                <Rate count={5} value={Number(v)} readOnly />
              ) : (
                <Text className="survey__answer-value">{Array.isArray(v) ? v.join('、') : String(v)}</Text>
              )}
            </View>
          );
        })}
    </View>
  );
}
