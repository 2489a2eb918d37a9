import { useRef, useState } from 'react';
import { Dialog } from '@nutui/nutui-react-taro';
import type { EventSignupResult, MyEventSignup } from '@member/shared';
import { showSuccess } from '../../components/feedback';
import { errorMessage } from '../../services/api-error';
import { eventsApi } from '../../services/events-api';
import { cancelDialogText, newEventRequestId } from '../../utils/events';
import { outcomeUnknown } from '../../utils/refund-attempt';

interface Asked {
  signup: MyEventSignup;
  deadline: string | null;
  /** Made when the dialog opens; kept while a cancellation's outcome is unknown. */
  requestId: string;
}

/**
 * 取消报名 behind a Dialog that says what happens (the fee comes back before the deadline, the seats go to
 * the waitlist). A lost answer keeps the request id, so 重试 answers the first cancellation.
 */
export function useCancelSignup(onDone: (result: EventSignupResult) => void) {
  const [asked, setAsked] = useState<Asked | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const [failure, setFailure] = useState<{ message: string; unsure: boolean } | null>(null);
  const busyRef = useRef(false);
  const pending = useRef(new Map<number, string>());

  const ask = (signup: MyEventSignup, deadline: string | null) => {
    const requestId = pending.current.get(signup.id) ?? newEventRequestId('X');
    setAsked({ signup, deadline, requestId });
  };

  const confirm = async () => {
    if (!asked || busyRef.current) return;
    busyRef.current = true;
    const { signup, requestId } = asked;
    pending.current.set(signup.id, requestId);
    setAsked(null);
    setBusy(signup.id);
    try {
      const result = await eventsApi.cancel(signup.eventId, requestId, signup.session?.id);
      pending.current.delete(signup.id);
      showSuccess(signup.status === 'WAITLISTED' ? '已取消候补' : '已取消报名');
      onDone(result);
    } catch (e) {
      const unsure = outcomeUnknown(e);
      if (!unsure) pending.current.delete(signup.id);
      setFailure({ message: errorMessage(e), unsure });
      if (unsure) setAsked({ ...asked });
    } finally {
      busyRef.current = false;
      setBusy(null);
    }
  };

  const dialog = (
    <>
      <Dialog
        id="event-cancel-dialog"
        visible={asked !== null && failure === null}
        title={asked?.signup.status === 'WAITLISTED' ? '取消候补？' : '取消报名？'}
        content={asked ? cancelDialogText(asked.signup, asked.deadline) : ''}
        confirmText={asked?.signup.status === 'WAITLISTED' ? '取消候补' : '确认取消'}
        cancelText="再想想"
        onConfirm={() => void confirm()}
        onCancel={() => setAsked(null)}
      />
      <Dialog
        id="event-cancel-failure"
        visible={failure !== null}
        title={failure?.unsure ? '结果未确认' : '未能取消'}
        content={failure ? `${failure.message}${failure.unsure ? '。可再次提交，不会重复取消' : ''}` : ''}
        confirmText={failure?.unsure ? '重试' : '知道了'}
        cancelText="关闭"
        hideCancelButton={!failure?.unsure}
        onConfirm={() => {
          const retry = failure?.unsure;
          setFailure(null);
          if (retry) void confirm();
          else setAsked(null);
        }}
        onCancel={() => {
          setFailure(null);
          setAsked(null);
        }}
      />
    </>
  );

  return { ask, busy, dialog };
}
