import { ProDescriptions } from '@ant-design/pro-components';
import { formatCny, type MallOrderAdmin, type PayRefundRetryResult } from '@member/shared';
import { Badge, Drawer, Space, Tag, Typography } from 'antd';
import { payRefundsApi } from '../../api/payments';
import { useSession } from '../../auth/AuthContext';
import { RefundRetryButton } from '../../components/RefundRetryButton';
import { formatTime } from '../../utils/format';
import { GOODS_KIND_COLORS, GOODS_KIND_LABELS, ORDER_STATUS_ENUM, points } from './mall-labels';

type BadgeStatus = 'success' | 'processing' | 'default' | 'error' | 'warning';

/** WeChat's shipping upload for the cash part (its funds stay frozen at WeChat until uploaded). */
const SHIPPING_TAGS: Record<string, { text: string; color: string }> = {
  PENDING: { text: '待上传', color: 'gold' },
  UPLOADED: { text: '已上传', color: 'green' },
  FAILED: { text: '上传失败', color: 'red' },
};
const REFUND_TAGS: Record<NonNullable<MallOrderAdmin['refund']>['status'], { text: string; color: string }> = {
  PROCESSING: { text: '退款中', color: 'processing' },
  SUCCESS: { text: '已退款', color: 'green' },
  CLOSED: { text: '退款关闭', color: 'red' },
  ABNORMAL: { text: '退款异常', color: 'red' },
};

/** The pickup (or use) state in words; the code itself stays with the member. */
export function pickupStateText(o: MallOrderAdmin): string {
  if (o.goods.kind === 'COUPON') return o.couponId ? '已发券' : '—';
  const verb = o.goods.kind === 'PHYSICAL' ? '自提' : '使用';
  switch (o.status) {
    case 'READY':
      return `待${verb}${o.pickupUntil ? `，${o.pickupUntil} 前有效` : ''}`;
    case 'DONE':
      return o.pickedUpByStaffId ? `已${verb}（店员 #${o.pickedUpByStaffId} 核销）` : `已${verb}`;
    case 'EXPIRED':
      return `逾期未${verb}，已退回`;
    case 'CANCELLED':
      return '已取消，自提码作废';
    default:
      return '支付后生成自提码';
  }
}

/** The order as it is once 重新退款 started a new attempt (until the list is read again). */
export function withRetriedRefund(o: MallOrderAdmin, r: PayRefundRetryResult): MallOrderAdmin {
  const refund = { outRefundNo: r.outRefundNo, refundFen: r.refundFen, status: r.status, settledAt: null };
  return { ...o, refund: { ...refund, attempt: r.attempt, failReason: null } };
}

/**
 * 订单详情: goods, member, what was paid, pickup state and every timestamp, and why it ended. A cash refund
 * WeChat closed offers 重新退款 to writers; an ABNORMAL one says where it is handled.
 */
export function OrderDetailDrawer({
  order,
  onClose,
  onRefundRetried,
}: {
  order: MallOrderAdmin | null;
  onClose: () => void;
  onRefundRetried: (order: MallOrderAdmin, result: PayRefundRetryResult) => void;
}) {
  const { permissions } = useSession();
  const status = order ? ORDER_STATUS_ENUM[order.status] : null;
  return (
    <Drawer
      title={order ? `兑换订单 ${order.orderNo}` : ''}
      width={560}
      open={order !== null}
      onClose={onClose}
      destroyOnClose
      data-testid="order-detail"
    >
      {order && status && (
        <ProDescriptions<MallOrderAdmin> column={1} bordered size="small" dataSource={order}>
          <ProDescriptions.Item label="订单号">
            <Typography.Text copyable>{order.orderNo}</Typography.Text>
          </ProDescriptions.Item>
          <ProDescriptions.Item label="状态">
            <Badge status={status.status.toLowerCase() as BadgeStatus} text={status.text} />
          </ProDescriptions.Item>
          <ProDescriptions.Item label="商品">
            <Space>
              <Tag color={GOODS_KIND_COLORS[order.goods.kind]}>{GOODS_KIND_LABELS[order.goods.kind]}</Tag>
              <span>
                {order.goods.name} × {order.quantity}
              </span>
            </Space>
          </ProDescriptions.Item>
          <ProDescriptions.Item label="会员">
            <Space>
              <Typography.Text copyable>{order.memberNo}</Typography.Text>
              <Typography.Text type="secondary">{order.memberNickname}</Typography.Text>
            </Space>
          </ProDescriptions.Item>
          <ProDescriptions.Item label="消耗积分">{points(order.pointsTotal)} 积分</ProDescriptions.Item>
          <ProDescriptions.Item label="现金">{order.cashFen ? formatCny(order.cashFen) : '—'}</ProDescriptions.Item>
          {order.outTradeNo && (
            <ProDescriptions.Item label="微信支付订单号">
              <Typography.Text copyable>{order.outTradeNo}</Typography.Text>
            </ProDescriptions.Item>
          )}
          {order.outTradeNo && order.shippingStatus && (
            <ProDescriptions.Item label="微信发货信息">
              <Tag color={SHIPPING_TAGS[order.shippingStatus]?.color} data-testid="order-shipping">
                {SHIPPING_TAGS[order.shippingStatus]?.text ?? order.shippingStatus}
              </Tag>
            </ProDescriptions.Item>
          )}
          {order.refund && (
            <ProDescriptions.Item label="现金退款">
              <Space direction="vertical" size={0} data-testid="order-refund">
                <Space>
                  <span>{formatCny(order.refund.refundFen)}</span>
                  <Tag color={REFUND_TAGS[order.refund.status].color}>{REFUND_TAGS[order.refund.status].text}</Tag>
                </Space>
                <Typography.Text type="secondary" copyable={{ text: order.refund.outRefundNo }}>
                  退款单号 {order.refund.outRefundNo}
                  {order.refund.attempt > 1 ? `（第 ${order.refund.attempt} 次申请）` : ''}
                  {order.refund.status === 'SUCCESS' && order.refund.settledAt
                    ? ` · ${formatTime(order.refund.settledAt)} 到账`
                    : ''}
                </Typography.Text>
                {order.refund.status === 'CLOSED' && (
                  <Space wrap>
                    <Typography.Text type="danger">
                      {order.refund.failReason
                        ? `微信支付拒绝退款：${order.refund.failReason}`
                        : '微信支付已关闭该退款'}
                    </Typography.Text>
                    {permissions.manageMall && (
                      <RefundRetryButton
                        refundFen={order.refund.refundFen}
                        failReason={order.refund.failReason}
                        retry={(requestId) => payRefundsApi.retryMallOrder(order.id, { requestId })}
                        onDone={(r) => onRefundRetried(order, r)}
                      />
                    )}
                  </Space>
                )}
                {order.refund.status === 'ABNORMAL' && (
                  <Typography.Text type="danger">
                    退款异常：款项仍在微信支付，请在微信支付商户平台处理该笔退款
                  </Typography.Text>
                )}
              </Space>
            </ProDescriptions.Item>
          )}
          <ProDescriptions.Item label={order.goods.kind === 'SERVICE' ? '使用门店' : '自提门店'}>
            {order.pickupStore ? (
              <Space direction="vertical" size={0}>
                <span>{order.pickupStore.name}</span>
                {order.pickupStore.address && (
                  <Typography.Text type="secondary">{order.pickupStore.address}</Typography.Text>
                )}
              </Space>
            ) : (
              '—'
            )}
          </ProDescriptions.Item>
          <ProDescriptions.Item label={order.goods.kind === 'COUPON' ? '发券' : '自提码'}>
            <span data-testid="order-pickup-state">{pickupStateText(order)}</span>
          </ProDescriptions.Item>
          {order.couponId != null && <ProDescriptions.Item label="发放的券">券 #{order.couponId}</ProDescriptions.Item>}
          <ProDescriptions.Item label="下单时间">{formatTime(order.createdAt)}</ProDescriptions.Item>
          {order.payUntil && order.status === 'PENDING_PAYMENT' && (
            <ProDescriptions.Item label="支付截止">{formatTime(order.payUntil)}</ProDescriptions.Item>
          )}
          <ProDescriptions.Item label="完成时间">{formatTime(order.doneAt)}</ProDescriptions.Item>
          <ProDescriptions.Item label="取消 / 过期时间">{formatTime(order.cancelledAt)}</ProDescriptions.Item>
          <ProDescriptions.Item label="结束原因">{order.endReason ?? '—'}</ProDescriptions.Item>
        </ProDescriptions>
      )}
    </Drawer>
  );
}
