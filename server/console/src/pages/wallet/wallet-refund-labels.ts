import type { WalletRefundStatus } from '@member/shared';

// Console wording for principal refunds.

/** Status tags: 退款中 / 已退款 / 退款关闭 / 退款异常. */
export const REFUND_STATUS_TAGS: Record<WalletRefundStatus, { text: string; color: string; help: string }> = {
  PROCESSING: { text: '退款中', color: 'blue', help: '已从会员储值扣除，等待微信支付退款结果' },
  SUCCESS: { text: '已退款', color: 'green', help: '款项已退回会员（线下退款登记即为已退款）' },
  CLOSED: { text: '退款关闭', color: 'default', help: '微信支付退款失败，本金和赠送金已退回会员储值' },
  ABNORMAL: { text: '退款异常', color: 'red', help: '微信支付无法退到会员账户，请在支付异常中线下处理' },
};

/** ProTable valueEnum for the status filter. */
export const REFUND_STATUS_ENUM = Object.fromEntries(
  Object.entries(REFUND_STATUS_TAGS).map(([k, v]) => [k, { text: v.text }]),
) as Record<WalletRefundStatus, { text: string }>;
