import { WalletOutlined } from '@ant-design/icons';
import { PageContainer, ProTable } from '@ant-design/pro-components';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import { formatCny, type PayAnomaly, type PayAnomalyStatus } from '@member/shared';
import { Space, Tag, Tooltip, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { payAnomaliesApi } from '../../api/wallet';
import { useSession } from '../../auth/AuthContext';
import { showError } from '../../utils/feedback';
import { formatTime } from '../../utils/format';
import { rowData } from '../../utils/labels';
import { MemberWalletDrawer } from './MemberWalletDrawer';
import { ResolveAnomalyForm } from './ResolveAnomalyForm';
import { ANOMALY_KIND_LABELS, ANOMALY_STATUS_ENUM } from './wallet-labels';

type Tab = PayAnomalyStatus | 'all';
const TABS: { key: Tab; tab: string }[] = [
  { key: 'OPEN', tab: '待处理' },
  { key: 'RESOLVED', tab: '已处理' },
  { key: 'all', tab: '全部' },
];
const fen = (v: number | null) => (v == null ? '—' : formatCny(v));

/**
 * 支付异常: payments that did not match their order (nothing credited) or were credited but need a look
 * (paid after close, over the cap). Writers record how each was handled.
 */
export function PayAnomaliesPage() {
  const { permissions } = useSession();
  const actionRef = useRef<ActionType>();
  const [search, setSearch] = useSearchParams();
  const tab = (TABS.find((t) => t.key === search.get('status'))?.key ?? 'OPEN') as Tab;
  // A credited payment that should go back (over the cap, paid after close) is refunded from the member's wallet.
  const [walletOf, setWalletOf] = useState<number | null>(null);

  const columns: ProColumns<PayAnomaly>[] = [
    {
      title: '类型',
      dataIndex: 'kind',
      width: 120,
      render: (_, a) => <Tag color={a.credited ? 'orange' : 'red'}>{ANOMALY_KIND_LABELS[a.kind]}</Tag>,
    },
    { title: '时间', key: 'createdAt', width: 170, render: (_, a) => formatTime(a.createdAt) },
    {
      title: '订单号',
      dataIndex: 'outTradeNo',
      width: 240,
      render: (_, a) => <Typography.Text copyable>{a.outTradeNo}</Typography.Text>,
    },
    {
      title: '应付 / 实付',
      key: 'amounts',
      align: 'right',
      width: 180,
      render: (_, a) => `${fen(a.expectedFen)} / ${fen(a.reportedFen)}`,
    },
    {
      title: '是否已入账',
      dataIndex: 'credited',
      width: 100,
      render: (_, a) => (a.credited ? <Tag color="green">已入账</Tag> : <Tag>未入账</Tag>),
    },
    {
      title: '会员号',
      dataIndex: 'memberNo',
      width: 140,
      render: (_, a) =>
        a.memberId === null ? (
          (a.memberNo ?? '—')
        ) : (
          <Space size={6}>
            {a.memberNo}
            <Tooltip title="会员储值与退款">
              <Typography.Link
                data-testid="anomaly-member-wallet"
                aria-label="会员储值与退款"
                onClick={() => setWalletOf(a.memberId)}
              >
                <WalletOutlined />
              </Typography.Link>
            </Tooltip>
          </Space>
        ),
    },
    {
      title: '状态',
      dataIndex: 'status',
      valueEnum: ANOMALY_STATUS_ENUM,
      width: 220,
      render: (dom, a) =>
        a.status === 'RESOLVED' ? (
          <Space direction="vertical" size={0}>
            {dom}
            <Typography.Text type="secondary" ellipsis={{ tooltip: a.resolution }} style={{ maxWidth: 220 }}>
              {a.resolution}
            </Typography.Text>
            <Typography.Text type="secondary">{formatTime(a.resolvedAt)}</Typography.Text>
          </Space>
        ) : (
          dom
        ),
    },
    {
      title: '微信支付单号',
      dataIndex: 'transactionId',
      width: 270,
      render: (_, a) => (a.transactionId ? <Typography.Text copyable>{a.transactionId}</Typography.Text> : '—'),
    },
    {
      title: '操作',
      key: 'actions',
      valueType: 'option',
      width: 80,
      fixed: 'right',
      hideInTable: !permissions.manageWallet,
      render: (_, a) =>
        a.status === 'OPEN'
          ? [<ResolveAnomalyForm key="resolve" anomaly={a} onDone={() => void actionRef.current?.reload()} />]
          : [],
    },
  ];

  return (
    <PageContainer
      title="支付异常"
      content="与订单不符的微信支付（未入账），以及已入账但需要核对的支付（关闭后支付、超出储值上限）。处理后请写明处理结果，操作会记入审计日志。"
      tabList={TABS}
      tabActiveKey={tab}
      onTabChange={(key) => setSearch(key === 'OPEN' ? {} : { status: key }, { replace: true })}
    >
      <ProTable<PayAnomaly>
        rowKey="id"
        actionRef={actionRef}
        columns={columns}
        search={false}
        params={{ tab }}
        options={{ reload: true, density: false, setting: false }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        scroll={{ x: 1500 }}
        onRow={(a) => rowData({ 'data-testid': 'anomaly-row', 'data-kind': a.kind, 'data-status': a.status })}
        request={async (params) => {
          try {
            const page = await payAnomaliesApi.list({
              status: tab === 'all' ? undefined : tab,
              page: params.current,
              pageSize: params.pageSize,
            });
            return { data: page.items, total: page.total, success: true };
          } catch (e) {
            showError(e);
            return { data: [], total: 0, success: false };
          }
        }}
      />
      <MemberWalletDrawer memberId={walletOf} open={walletOf !== null} onClose={() => setWalletOf(null)} />
    </PageContainer>
  );
}
