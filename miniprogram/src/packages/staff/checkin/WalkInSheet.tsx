import { useEffect, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Button, Input, InputNumber, Popup, SafeArea } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/inputnumber/style/css';
import { EVENT_LIMITS, formatCny, type EventCheckinResult, type StaffEventToday } from '@member/shared';
import { platform } from '../../../platform';
import { errorMessage } from '../../../services/api-error';
import { staffEventsApi } from '../../../services/events-api';
import { newEventRequestId } from '../../../utils/events';
import { groupDigits, MEMBER_CODE_LENGTH, normalizeMemberCode } from '../../../utils/member-code';
import { outcomeUnknown } from '../../../utils/refund-attempt';

interface Props {
  today: StaffEventToday;
  visible: boolean;
  onClose: () => void;
  onDone: (result: EventCheckinResult) => void;
}

/**
 * 登记现场报名: a member at the door without a sign-up — their card code (or member number) and companions,
 * checked in at once if seats remain (of the session at the door, for an event with sessions). At a cash-fee
 * event the seats are held instead and the member pays on their phone; the ticket is scanned after. The request id is made when the sheet opens and kept for a retry
 * of an unanswered submission, so a lost answer never adds the party twice.
 */
export function WalkInSheet({ today, visible, onClose, onDone }: Props) {
  const [typed, setTyped] = useState('');
  const [companions, setCompanions] = useState(0);
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState<{ requestId: string; unsure: boolean }>({ requestId: '', unsure: false });
  const seatsLeft = today.counters.seatsLeft;
  const cashFen = today.event.feeKind === 'CASH' ? today.event.feeFen : 0;
  const maxCompanions = Math.max(0, Math.min(EVENT_LIMITS.companions.max, seatsLeft - 1));

  useEffect(() => {
    if (!visible) return;
    setAttempt({ requestId: newEventRequestId('W'), unsure: false });
    setError(null);
    setCompanions((c) => Math.min(c, maxCompanions));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [visible]);

  const value = typed.trim();
  const digits = normalizeMemberCode(value);
  // 18 digits are a card code shown on the phone; anything else is taken as a member number.
  const byCode = /^[\d\s]+$/.test(value) && digits.length === MEMBER_CODE_LENGTH;
  const ready = value.length > 0;

  const submit = async () => {
    if (busyRef.current || !ready || seatsLeft < 1) return;
    busyRef.current = true;
    setBusy(true);
    setError(null);
    try {
      const result = await staffEventsApi.walkIn(today.event.id, {
        ...(byCode ? { memberCode: digits } : { memberNo: value }),
        companions,
        ...(today.session ? { sessionId: today.session.id } : {}),
        requestId: attempt.requestId,
      });
      setTyped('');
      setCompanions(0);
      onDone(result);
    } catch (e) {
      const unsure = outcomeUnknown(e);
      setAttempt((a) => (unsure ? { ...a, unsure } : { requestId: newEventRequestId('W'), unsure: false }));
      setError(`${errorMessage(e)}${unsure ? '。可再次提交，不会重复登记' : ''}`);
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  };

  return (
    <Popup
      visible={visible}
      position="bottom"
      round
      closeable={!busy}
      closeOnOverlayClick={!busy}
      title="登记现场报名"
      onClose={onClose}
    >
      <View id="walkin-sheet" className="checkin-sheet">
        <Text className="checkin-sheet__sub">
          {seatsLeft > 0 ? `「${today.event.title}」剩余 ${seatsLeft} 个名额` : '名额已满，不能现场报名'}
        </Text>
        {cashFen > 0 && (
          <Text id="walkin-cash-tip" className="staff__tip">
            付费活动：每人 {formatCny(cashFen)}
            ，登记后为会员保留名额，请会员在小程序「我的活动」中微信支付，付款后扫描门票签到
          </Text>
        )}
        <View className="checkin-sheet__field">
          <Text className="staff__label">会员码或会员号</Text>
          <Input
            id="walkin-member"
            className="staff__input"
            type="text"
            placeholder={`${MEMBER_CODE_LENGTH} 位会员码 / 会员号`}
            value={typed}
            disabled={attempt.unsure || busy}
            onChange={setTyped}
            clearable
          />
          <Text className="staff__tip">
            {byCode ? groupDigits(digits) : '请会员打开「会员码」页出示，或报出会员号'}
          </Text>
        </View>
        <View className="checkin-sheet__row">
          <Text className="staff__label">同行人数</Text>
          <InputNumber
            id="walkin-companions"
            value={companions}
            min={0}
            max={maxCompanions}
            disabled={maxCompanions === 0 || attempt.unsure || busy}
            onChange={(v) => setCompanions(Math.min(Math.max(0, Number(v) || 0), maxCompanions))}
          />
        </View>
        {error && (
          <Text id="walkin-error" className="staff__error">
            {error}
          </Text>
        )}
        <Button
          id="walkin-submit"
          type="primary"
          size="large"
          block
          loading={busy}
          disabled={!ready || seatsLeft < 1 || busy}
          onClick={() => void submit()}
        >
          {attempt.unsure
            ? '重新提交'
            : cashFen > 0
              ? `登记 · 待支付 ${formatCny(cashFen * (1 + companions))}`
              : `登记并签到 · 共 ${1 + companions} 人`}
        </Button>
        {platform.kind === 'h5' && <Text className="staff__tip">浏览器演示请手动输入会员码</Text>}
        <SafeArea position="bottom" />
      </View>
    </Popup>
  );
}
