import { useEffect, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Button, Popup, SafeArea, TextArea } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css';
import { SURVEY_RULES as R, type FollowUpTask } from '@member/shared';
import { errorMessage } from '../../../services/api-error';
import { staffSurveysApi } from '../../../services/surveys-api';
import { newEventRequestId } from '../../../utils/events';
import { outcomeUnknown } from '../../../utils/refund-attempt';

interface Props {
  task: FollowUpTask | null;
  onClose: () => void;
  onDone: (task: FollowUpTask) => void;
  /** The task moved on elsewhere (resolved at the console, another clerk): reload the list. */
  onStale: () => void;
}

/**
 * 处理完成: what was done for the member, required (2–500 characters). The request id is made when the sheet
 * opens and kept while an answer is missing, so resubmitting after a lost answer never resolves twice.
 */
export function ResolveSheet({ task, onClose, onDone, onStale }: Props) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState({ requestId: '', unsure: false });

  useEffect(() => {
    if (!task) return;
    setText('');
    setError(null);
    setAttempt({ requestId: newEventRequestId('R'), unsure: false });
  }, [task]);

  const note = text.trim();
  const submit = async () => {
    if (!task || busyRef.current) return;
    if (note.length < R.resolution.min) {
      setError(`请填写处理结果（至少 ${R.resolution.min} 个字）`);
      return;
    }
    busyRef.current = true;
    setBusy(true);
    setError(null);
    try {
      const done = await staffSurveysApi.resolve(task.id, {
        version: task.version,
        resolution: note,
        requestId: attempt.requestId,
      });
      onDone(done);
    } catch (e) {
      const unsure = outcomeUnknown(e);
      setAttempt((a) => (unsure ? { ...a, unsure } : { requestId: newEventRequestId('R'), unsure: false }));
      setError(`${errorMessage(e)}${unsure ? '。可再次提交，不会重复处理' : ''}`);
      if (!unsure) onStale();
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  };

  return (
    <Popup
      visible={task !== null}
      position="bottom"
      round
      closeable={!busy}
      closeOnOverlayClick={!busy}
      title="填写处理结果"
      onClose={onClose}
    >
      <View id="followup-resolve-sheet" className="followup-sheet">
        {task && (
          <Text className="followup-sheet__sub">
            {task.member.nickname || '会员'} 评价 {task.rating ?? '—'} 星：{task.comment || '未填写评价内容'}
          </Text>
        )}
        <View id="followup-resolution" className="followup-sheet__text">
          <TextArea
            value={text}
            placeholder="例如：已电话致歉，赠送下次活动名额"
            maxLength={R.resolution.max}
            showCount
            rows={4}
            disabled={attempt.unsure || busy}
            onChange={(v) => setText(v)}
          />
        </View>
        {error && (
          <Text id="followup-resolve-error" className="staff__error">
            {error}
          </Text>
        )}
        <Button
          id="followup-resolve-submit"
          type="primary"
          size="large"
          block
          loading={busy}
          disabled={busy}
          onClick={() => void submit()}
        >
          {attempt.unsure ? '重新提交' : '处理完成'}
        </Button>
        <Text className="staff__tip">处理结果会记入工单和操作日志，运营后台可见</Text>
        <SafeArea position="bottom" />
      </View>
    </Popup>
  );
}
