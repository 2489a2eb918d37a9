import {
  EVENT_PAYMENT_STATUS_LABELS,
  EVENT_REFUND_STATUS_LABELS,
  formatCny,
  type EventRefundStatus,
  type EventSignupAdmin,
} from '@member/shared';
import { Space, Tag, Typography } from 'antd';
import { payRefundsApi } from '../../api/payments';
import { useSession } from '../../auth/AuthContext';
import { RefundRetryButton } from '../../components/RefundRetryButton';

const PAY_COLORS = { PENDING: 'orange', PAID: 'green', CLOSED: 'default' } as const;
const REFUND_COLORS: Record<EventRefundStatus, string> = {
  PROCESSING: 'blue',
  SUCCESS: 'default',
  CLOSED: 'red',
  ABNORMAL: 'red',
};

/**
 * A cash fee in the sign-up rows: the amount, the WeChat Pay order (its no. to find it in WeChat's bills)
 * and the refund — with why it failed and 重新退款 for writers when WeChat closed it.
 */
export function SignupPaymentCell({
  eventId,
  signup,
  onChanged,
}: {
  eventId: number;
  signup: EventSignupAdmin;
  onChanged: () => void;
}) {
  const { permissions } = useSession();
  const p = signup.payment;
  if (!p) return <>—</>;
  return (
    <Space direction="vertical" size={0}>
      <Space size={4}>
        <span>{formatCny(p.amountFen)}</span>
        <Tag color={PAY_COLORS[p.status]}>{EVENT_PAYMENT_STATUS_LABELS[p.status]}</Tag>
        {p.refundStatus && (
          <Tag color={REFUND_COLORS[p.refundStatus]}>
            {EVENT_REFUND_STATUS_LABELS[p.refundStatus]}
            {p.refundAttempt > 1 ? `（第 ${p.refundAttempt} 次）` : ''}
          </Tag>
        )}
      </Space>
      <Typography.Text type="secondary" copyable style={{ fontSize: 12 }}>
        {p.outTradeNo}
      </Typography.Text>
      {p.refundStatus === 'CLOSED' && (
        <Space size={4} wrap>
          <Typography.Text type="danger" style={{ fontSize: 12 }}>
            {p.refundFailReason ? `微信支付拒绝：${p.refundFailReason}` : '微信支付已关闭'}
          </Typography.Text>
          {permissions.manageEvents && (
            <RefundRetryButton
              refundFen={p.refundFen}
              failReason={p.refundFailReason}
              retry={(requestId) => payRefundsApi.retryEventSignup(eventId, signup.id, { requestId })}
              onDone={onChanged}
            />
          )}
        </Space>
      )}
      {p.refundStatus === 'ABNORMAL' && (
        <Typography.Text type="danger" style={{ fontSize: 12 }}>
          款项仍在微信支付，请在商户平台处理
        </Typography.Text>
      )}
    </Space>
  );
}
