import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { MyEventSignup } from '@member/shared';
import { QrCode } from '../../components/QrCode';
import {
  EVENT_URLS,
  formatMinute,
  formatPoints,
  groupTicketCode,
  holdsTicket,
  paymentText,
  signupPaySecondsLeft,
  ticketStateText,
} from '../../utils/events';
import { sessionText } from '../../utils/event-sessions';
import { canPayNow, payCountdownText } from '../../utils/mall-pay';
import { payEventAgain } from './pay-event-fee';
import './ticket-pay.scss';

function partyLine(s: MyEventSignup): string {
  return s.companions > 0 ? `本人 + ${s.companions} 位同行，共 ${s.partySize} 人` : '本人 1 人';
}

/**
 * A member's sign-up as a ticket: the QR and code staff scan at the door (待签到 / 已签到), or the waitlist
 * place (候补第3位) and what happens next, or 待支付 with the time left and 去支付 (a cash fee: the seats are
 * held until then); 取消报名 while it may still be cancelled. After paying, `onPaid` (default: the event's
 * page, which waits for the server to confirm).
 */
export function TicketCard(props: {
  signup: MyEventSignup;
  cancelling?: boolean;
  onCancel?: () => void;
  onPaid?: () => void;
}) {
  const s = props.signup;
  const [nowMs, setNowMs] = useState(() => Date.now());
  const [paying, setPaying] = useState(false);
  const waiting = s.status === 'PENDING_PAYMENT';
  useEffect(() => {
    if (!waiting) return undefined;
    const t = setInterval(() => setNowMs(Date.now()), 1000);
    return () => clearInterval(t);
  }, [waiting]);
  const secondsLeft = signupPaySecondsLeft(s, nowMs);
  const pay = async () => {
    if (paying) return;
    setPaying(true);
    try {
      if (!(await payEventAgain(s.eventId))) return;
      if (props.onPaid) props.onPaid();
      else void Taro.navigateTo({ url: `${EVENT_URLS.detail}?id=${s.eventId}` });
    } finally {
      setPaying(false);
    }
  };
  const ticket = holdsTicket(s.status) && s.ticketQr && s.ticketCode;
  const checkedIn = s.status === 'CHECKED_IN';
  const state = ticketStateText(s);
  return (
    <View className={`ticket ticket--${s.status.toLowerCase()}`}>
      <View className="ticket__state-row">
        <Text className={`ticket__state ${checkedIn ? 'ticket__state--done' : ''}`}>{state}</Text>
        <Text className="ticket__party">{partyLine(s)}</Text>
      </View>
      {s.session && (
        <Text id={`ticket-session-${s.id}`} className="ticket__session">
          场次 {sessionText(s.session)}
        </Text>
      )}

      {ticket && (
        <View className="ticket__code">
          <QrCode className={`ticket__qr ${checkedIn ? 'ticket__qr--used' : ''}`} value={s.ticketQr!} />
          <Text className="ticket__digits">{groupTicketCode(s.ticketCode!)}</Text>
          <Text className="ticket__note">
            {checkedIn && s.checkedInAt ? `${formatMinute(s.checkedInAt)} 已签到` : '到场后请向店员出示此码签到'}
          </Text>
        </View>
      )}

      {s.status === 'WAITLISTED' && (
        <View className="ticket__wait">
          <Text className="ticket__wait-text">
            有名额释放时按报名顺序递补{s.feePoints > 0 ? '，递补成功时扣除报名积分' : ''}，并通知您。
          </Text>
          {s.skipNote && <Text className="ticket__wait-skip">{s.skipNote}</Text>}
        </View>
      )}

      {waiting && secondsLeft !== null && (
        <View id={`ticket-pay-${s.id}`} className="ticket__wait ticket__pay">
          <Text className="ticket__wait-text">
            名额已为您保留，请在 {s.payment ? formatMinute(s.payment.payUntil) : '截止时间'}{' '}
            前支付报名费，超时未支付名额将释放给候补会员。
          </Text>
          <Text className="ticket__pay-countdown">{payCountdownText(secondsLeft)}</Text>
          {canPayNow(secondsLeft) && (
            <Button
              id={`ticket-pay-button-${s.id}`}
              className="ticket__pay-button"
              type="primary"
              size="small"
              loading={paying}
              onClick={(e) => {
                e.stopPropagation();
                void pay();
              }}
            >
              去支付
            </Button>
          )}
        </View>
      )}

      <View className="ticket__rows">
        {s.payment && <Text className="ticket__row ticket__payment">{paymentText(s.payment)}</Text>}
        {s.feePoints > 0 && (
          <Text className="ticket__row">
            报名积分 {formatPoints(s.feePoints)}
            {s.feeRefunded ? '（已退回）' : ''}
          </Text>
        )}
        {s.promotedAt && <Text className="ticket__row">{formatMinute(s.promotedAt)} 由候补转为正式报名</Text>}
        {s.endReason && <Text className="ticket__row">{s.endReason}</Text>}
        <Text className="ticket__row ticket__row--muted">报名时间 {formatMinute(s.createdAt)}</Text>
      </View>

      {s.canCancel && props.onCancel && (
        <Button
          className="ticket__cancel"
          size="small"
          fill="outline"
          loading={props.cancelling}
          onClick={(e) => {
            e.stopPropagation();
            props.onCancel?.();
          }}
        >
          {s.status === 'WAITLISTED' ? '取消候补' : '取消报名'}
        </Button>
      )}
    </View>
  );
}
