import { ProTable } from '@ant-design/pro-components';
import { formatCny, type AdminMemberWallet, type AdminWalletOrder, type WalletRefund } from '@member/shared';
import { Alert, Descriptions, Drawer, Skeleton, Space, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { walletRefundsApi } from '../../api/wallet-refunds';
import { useSession } from '../../auth/AuthContext';
import { errorText } from '../../utils/feedback';
import { formatTime } from '../../utils/format';
import { rowData } from '../../utils/labels';
import { RefundStatusTag } from './RefundStatusTag';
import { TOPUP_STATUS_ENUM } from './wallet-labels';
import { WalletRefundForm } from './WalletRefundForm';

const orderColumns = [
  {
    title: '订单号',
    key: 'outTradeNo',
    render: (_: unknown, o: AdminWalletOrder) => <Typography.Text copyable>{o.outTradeNo}</Typography.Text>,
  },
  {
    title: '支付',
    key: 'payFen',
    align: 'right' as const,
    render: (_: unknown, o: AdminWalletOrder) => formatCny(o.payFen),
  },
  {
    title: '已退',
    key: 'refundedFen',
    align: 'right' as const,
    render: (_: unknown, o: AdminWalletOrder) => (o.refundedFen ? formatCny(o.refundedFen) : '—'),
  },
  {
    title: '可原路退',
    key: 'refundableFen',
    align: 'right' as const,
    tooltip: '支付满一年或已退款 50 次后，微信支付不再受理退款',
    render: (_: unknown, o: AdminWalletOrder) => formatCny(o.refundableFen),
  },
  { title: '状态', key: 'status', render: (_: unknown, o: AdminWalletOrder) => TOPUP_STATUS_ENUM[o.status].text },
  { title: '支付时间', key: 'paidAt', render: (_: unknown, o: AdminWalletOrder) => formatTime(o.paidAt) },
];

const refundColumns = [
  {
    title: '退款单号',
    key: 'no',
    width: 240,
    render: (_: unknown, r: WalletRefund) => <Typography.Text copyable>{r.outRefundNo}</Typography.Text>,
  },
  {
    title: '本金 / 作废赠送',
    key: 'fen',
    align: 'right' as const,
    width: 150,
    render: (_: unknown, r: WalletRefund) => `${formatCny(r.principalFen)} / ${formatCny(r.bonusForfeitedFen)}`,
  },
  {
    title: '方式',
    key: 'way',
    width: 90,
    render: (_: unknown, r: WalletRefund) =>
      r.offPlatform ? (
        '线下退款'
      ) : (
        <Tooltip title={`充值订单 ${r.outTradeNo ?? ''}`}>
          <span>原路退回</span>
        </Tooltip>
      ),
  },
  { title: '状态', key: 'status', width: 100, render: (_: unknown, r: WalletRefund) => <RefundStatusTag refund={r} /> },
  { title: '原因', key: 'reason', ellipsis: true, render: (_: unknown, r: WalletRefund) => r.reason },
  { title: '申请时间', key: 'createdAt', width: 170, render: (_: unknown, r: WalletRefund) => formatTime(r.createdAt) },
];

/**
 * 会员储值: one member's balance split, paid top-ups with what WeChat can still refund of each, their
 * refunds, and 退款 (admins and operators).
 */
export function MemberWalletDrawer({
  memberId,
  open,
  onClose,
  onChanged,
}: {
  memberId: number | null;
  open: boolean;
  onClose: () => void;
  onChanged?: () => void;
}) {
  const { permissions } = useSession();
  const [wallet, setWallet] = useState<AdminMemberWallet | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    if (memberId === null) return;
    setError(null);
    walletRefundsApi.member(memberId).then(setWallet, (e) => setError(errorText(e)));
  }, [memberId]);
  useEffect(() => {
    setWallet(null);
    if (open) load();
  }, [open, load]);

  return (
    <Drawer
      title={wallet ? `会员储值 · ${wallet.memberNo}${wallet.memberName ? ` · ${wallet.memberName}` : ''}` : '会员储值'}
      width={960}
      open={open}
      onClose={onClose}
      destroyOnClose
      extra={
        wallet && (
          <Space>
            {permissions.viewMemberRows && <Link to={`/members/${wallet.memberId}`}>会员详情</Link>}
            {permissions.manageWallet && (
              <WalletRefundForm
                wallet={wallet}
                onDone={() => {
                  load();
                  onChanged?.();
                }}
              />
            )}
          </Space>
        )
      }
    >
      <div data-testid="member-wallet">
        {error && <Alert type="error" showIcon message="会员储值暂时无法加载" description={error} />}
        {!wallet && !error && <Skeleton active />}
        {wallet && (
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <Descriptions size="small" column={3} bordered>
              <Descriptions.Item label="储值余额">
                <span data-testid="member-wallet-balance">{formatCny(wallet.balanceFen)}</span>
              </Descriptions.Item>
              <Descriptions.Item label="本金">
                <span data-testid="member-wallet-principal">{formatCny(wallet.principalFen)}</span>
              </Descriptions.Item>
              <Descriptions.Item label="赠送">
                <span data-testid="member-wallet-bonus">{formatCny(wallet.bonusFen)}</span>
              </Descriptions.Item>
              <Descriptions.Item label="可原路退回" span={2}>
                {formatCny(wallet.wechatRefundableFen)}
              </Descriptions.Item>
              <Descriptions.Item label="仅可线下退还">{formatCny(wallet.offPlatformRefundableFen)}</Descriptions.Item>
            </Descriptions>
            <ProTable<AdminWalletOrder>
              headerTitle="已支付的充值"
              rowKey="outTradeNo"
              size="small"
              search={false}
              options={false}
              pagination={false}
              columns={orderColumns}
              dataSource={wallet.orders}
            />
            <div data-testid="member-wallet-refunds">
              <ProTable<WalletRefund>
                headerTitle="退款记录"
                rowKey="outRefundNo"
                size="small"
                search={false}
                options={false}
                pagination={false}
                columns={refundColumns}
                dataSource={wallet.refunds}
                onRow={(r) => rowData({ 'data-testid': 'member-wallet-refund-row', 'data-no': r.outRefundNo })}
              />
            </div>
          </Space>
        )}
      </div>
    </Drawer>
  );
}
