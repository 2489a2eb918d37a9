import { useEffect, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Button, Dialog, InputNumber, Popup, SafeArea } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/inputnumber/style/css';
import { formatCny, type EventDetail, type EventSignupResult } from '@member/shared';
import { errorMessage } from '../../../services/api-error';
import { eventsApi } from '../../../services/events-api';
import {
  eventTimeRange,
  formatMinute,
  formatPoints,
  maxCompanionsOf,
  openSignupAttempt,
  partyCashFen,
  partyFee,
  partyFits,
  sheetCta,
  signupAttemptAfterFailure,
  signupNextStep,
  signupRequestFor,
  type SignupAttempt,
  type SignupNextStep,
} from '../../../utils/events';
import { asSession, sessionPickable, sessionState, sessionText } from '../../../utils/event-sessions';

interface Props {
  event: EventDetail;
  /** Events with sessions: the session the sheet opens on (null: the first one open for sign-up). */
  sessionId?: number | null;
  visible: boolean;
  onClose: () => void;
  onDone: (result: EventSignupResult) => void;
  /** A refusal that needs another step: read the detail again, show the ticket, or open 积分明细. */
  onNext: (step: Exclude<SignupNextStep, 'retry' | 'other'>) => void;
}

const STEP_BUTTON: Record<SignupNextStep, string> = {
  retry: '重新提交',
  reload: '知道了',
  ticket: '查看门票',
  points: '查看积分明细',
  other: '知道了',
};

/**
 * 报名: companions within the event's limit, the fee for the party and the balance after, then one CTA.
 * The request id is made when the sheet opens and kept for every retry of an unanswered submission
 * (inputs lock meanwhile), so a lost answer never signs up twice; a double tap sends once.
 */
export function SignupSheet({ event: whole, sessionId, visible, onClose, onDone, onNext }: Props) {
  const bySession = whole.sessionCount > 0;
  const choices = whole.sessions.filter(sessionPickable);
  const [picked, setPicked] = useState<number | null>(null);
  const session = bySession ? (whole.sessions.find((x) => x.id === picked) ?? null) : null;
  // With sessions every figure below is the picked session's (its seats, time, cancellation deadline).
  const event = session ? asSession(whole, session) : whole;
  const max = maxCompanionsOf(event);
  const [companions, setCompanions] = useState(0);
  const [attempt, setAttempt] = useState<SignupAttempt>(() => openSignupAttempt());
  const [submitting, setSubmitting] = useState(false);
  const submittingRef = useRef(false);
  const [refusal, setRefusal] = useState<{ message: string; step: SignupNextStep } | null>(null);

  // Each opening is a new sign-up: a fresh id, the companions clamped to what the event allows.
  useEffect(() => {
    if (!visible) return;
    setAttempt(openSignupAttempt());
    setRefusal(null);
    setCompanions((c) => Math.min(Math.max(0, c), max));
    setPicked(sessionId ?? choices[0]?.id ?? null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [visible]);

  const unsure = attempt.sent !== null;
  const shown = attempt.sent?.companions ?? companions;
  const fits = partyFits(event, shown);
  const fee = partyFee(event, shown);
  const cashFen = partyCashFen(event, shown);
  const left = event.pointsBalance - fee;

  const submit = async () => {
    if (submittingRef.current) return;
    submittingRef.current = true;
    setSubmitting(true);
    // A member under the no-show rule must say they join the waitlist (else 409 EVENT_WAITLIST_ONLY).
    if (bySession && !session) return;
    const body = signupRequestFor(attempt, {
      companions,
      ...(session ? { sessionId: session.id } : {}),
      ...(event.waitlistOnly ? { waitlist: true } : {}),
    });
    try {
      onDone(await eventsApi.signUp(event.id, body));
    } catch (e) {
      setAttempt(signupAttemptAfterFailure(attempt, body, e));
      setRefusal({ message: errorMessage(e), step: signupNextStep(e) });
    } finally {
      submittingRef.current = false;
      setSubmitting(false);
    }
  };

  const followUp = () => {
    const step = refusal?.step;
    setRefusal(null);
    if (step === 'retry') void submit();
    else if (step && step !== 'other') {
      onClose();
      onNext(step);
    }
  };

  return (
    <>
      <Popup
        visible={visible}
        position="bottom"
        round
        closeable={!submitting}
        closeOnOverlayClick={!submitting}
        title={fits ? '确认报名' : '加入候补'}
        onClose={onClose}
      >
        <View id="signup-sheet" className="signup-sheet">
          <View className="signup-sheet__head">
            <Text className="signup-sheet__title">{event.title}</Text>
            <Text className="signup-sheet__sub">
              {bySession
                ? session
                  ? `场次 ${sessionText(session)}`
                  : '请选择场次'
                : eventTimeRange(event.startsAt, event.endsAt)}
            </Text>
          </View>

          {bySession && (
            <View id="signup-sessions" className="signup-sheet__sessions">
              {whole.sessions.map((x) => {
                const open = sessionPickable(x);
                const state = sessionState(x);
                const on = x.id === session?.id;
                // A session asked for while a submission's outcome is unknown stays as sent.
                const locked = unsure || submitting;
                return (
                  <View
                    key={x.id}
                    id={`signup-session-${x.id}`}
                    className={`signup-session ${on ? 'signup-session--on' : ''} ${open ? '' : 'signup-session--off'}`}
                    aria-role="radio"
                    aria-checked={on}
                    onClick={() => open && !locked && setPicked(x.id)}
                  >
                    <Text className="signup-session__time">{sessionText(x)}</Text>
                    <Text className="signup-session__state">{state.text}</Text>
                  </View>
                );
              })}
            </View>
          )}

          <View className="signup-sheet__row">
            <View className="signup-sheet__label">
              <Text>同行人数</Text>
              <Text className="signup-sheet__hint">
                {max > 0 ? `最多可带 ${max} 位，共 ${1 + shown} 人` : '本活动仅限本人参加'}
              </Text>
            </View>
            <InputNumber
              id="signup-companions"
              value={shown}
              min={0}
              max={max}
              disabled={max === 0 || unsure || submitting}
              onChange={(v) => setCompanions(Math.min(Math.max(0, Number(v) || 0), max))}
            />
          </View>

          <View className="signup-sheet__row">
            <Text>{fits ? '报名费用' : '转正时扣除'}</Text>
            <Text id="signup-fee" className="signup-sheet__value signup-sheet__value--strong">
              {cashFen > 0 ? formatCny(cashFen) : fee > 0 ? `${formatPoints(fee)} 积分` : '免费'}
            </Text>
          </View>
          {fee > 0 && (
            <View className="signup-sheet__row">
              <Text>{fits ? '报名后剩余' : '当前积分'}</Text>
              <Text id="signup-left" className="signup-sheet__value">
                {formatPoints(fits ? Math.max(0, left) : event.pointsBalance)} 积分
              </Text>
            </View>
          )}

          <Text id="signup-note" className="signup-sheet__note">
            {cashFen > 0
              ? fits
                ? `提交后请用微信支付报名费，名额为您保留至支付截止，超时未支付将释放给候补会员。${formatMinute(event.cancelDeadline)} 前可取消，报名费原路全额退回。`
                : `剩余名额不足 ${1 + shown} 人，将按报名顺序候补；递补成功时需在限定时间内支付报名费，并通知您。`
              : fits
                ? `${formatMinute(event.cancelDeadline)} 前可取消报名${fee > 0 ? '，积分全额退回' : ''}。`
                : event.waitlistOnly
                  ? `因多次报名未到场，您暂时只能候补报名（${event.noShowRule}）。有名额时按顺序递补并通知您。`
                  : `剩余名额不足 ${1 + shown} 人，将按报名顺序候补，有名额时自动递补${fee > 0 ? '并扣除积分' : ''}，并通知您。`}
          </Text>

          {unsure && (
            <View id="signup-unsure" className="signup-sheet__unsure">
              结果确认中，请勿重复报名。点击“重新提交”会查询这次报名，不会重复扣积分。
            </View>
          )}

          <Button
            id="signup-submit"
            type="primary"
            size="large"
            block
            loading={submitting}
            disabled={submitting || (bySession && !session)}
            onClick={() => void submit()}
          >
            {unsure ? '重新提交' : sheetCta(event, shown)}
          </Button>
          <SafeArea position="bottom" />
        </View>
      </Popup>

      <Dialog
        id="signup-refusal"
        visible={refusal !== null}
        title={refusal?.step === 'retry' ? '结果未确认' : '未能报名'}
        content={refusal?.message ?? ''}
        confirmText={refusal ? STEP_BUTTON[refusal.step] : '知道了'}
        cancelText={refusal?.step === 'retry' ? '稍后再试' : '关闭'}
        hideCancelButton={refusal?.step === 'reload' || refusal?.step === 'other'}
        onConfirm={followUp}
        onCancel={() => setRefusal(null)}
      />
    </>
  );
}
