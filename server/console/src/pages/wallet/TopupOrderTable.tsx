import { WalletOutlined } from '@ant-design/icons';
import { ProTable } from '@ant-design/pro-components';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import { formatCny, type AdminTopup, type TopupShippingStatus, type TopupStatus } from '@member/shared';
import { Space, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { topupsApi, type TopupFilters } from '../../api/wallet';
import { useSession } from '../../auth/AuthContext';
import { showError, showSuccess } from '../../utils/feedback';
import { formatTime } from '../../utils/format';
import { rowData } from '../../utils/labels';
import { ExportButton } from '../coupons/ExportButton';
import { useUrlFilters } from '../coupons/url-filters';
import { MemberWalletDrawer } from './MemberWalletDrawer';
import { ANOMALY_KIND_LABELS, CONFIRMED_BY_LABELS, TOPUP_STATUS_ENUM } from './wallet-labels';

const KEYS = ['status', 'memberNo', 'outTradeNo', 'from', 'to', 'flagged', 'shipping'] as const;
const day = (v: unknown) => (v ? dayjs(v as string).format('YYYY-MM-DD') : undefined);
const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const STATUSES = Object.keys(TOPUP_STATUS_ENUM) as TopupStatus[];
/** WeChat's order shipping upload (the payment's funds stay frozen until it is uploaded). */
const SHIPPING_TAGS: Record<TopupShippingStatus, { text: string; color: string }> = {
  PENDING: { text: '待上传', color: 'gold' },
  UPLOADED: { text: '已上传', color: 'green' },
  FAILED: { text: '失败', color: 'red' },
};
const SHIPPING_FILTER = { PENDING: { text: '发货待处理' }, FAILED: { text: '发货失败' } };

function filtersOf(p: Record<string, unknown>): TopupFilters {
  const range = p.date as [unknown, unknown] | undefined;
  const status = STATUSES.find((s) => s === p.status);
  return {
    status,
    memberNo: text(p.memberNo),
    outTradeNo: text(p.outTradeNo),
    from: day(range?.[0] ?? p.from),
    to: day(range?.[1] ?? p.to),
    flagged: p.flagged === true || p.flagged === 'true' ? true : undefined,
    shipping: p.shipping === 'PENDING' || p.shipping === 'FAILED' ? p.shipping : undefined,
  };
}

/** 向微信查询 for an unpaid or closed order: asks WeChat Pay now and credits it if it was paid. */
function SyncLink({ row, onDone }: { row: AdminTopup; onDone: () => void }) {
  const [busy, setBusy] = useState(false);
  return (
    <Typography.Link
      data-testid="topup-sync"
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        try {
          const fresh = await topupsApi.sync(row.outTradeNo);
          showSuccess(`查询完成：${TOPUP_STATUS_ENUM[fresh.status].text}`);
          onDone();
        } catch (e) {
          showError(e);
        } finally {
          setBusy(false);
        }
      }}
    >
      {busy ? '查询中…' : '向微信查询'}
    </Typography.Link>
  );
}

/**
 * 充值订单: every top-up with its WeChat Pay state, filtered by status, member, order no., day and open
 * anomaly; 导出 CSV of exactly those rows (not for analysts, who also see member names masked).
 */
export function TopupOrderTable({ onChanged }: { onChanged: () => void }) {
  const { permissions } = useSession();
  const actionRef = useRef<ActionType>();
  const url = useUrlFilters(KEYS);
  const last = useRef<TopupFilters>(filtersOf(url.initial));
  const { from, to, flagged, ...rest } = url.initial;
  const initial = { ...rest, date: from && to ? [from, to] : undefined, flagged: flagged === 'true' };
  const reload = () => {
    void actionRef.current?.reload();
    onChanged();
  };
  const canExport = permissions.manageWallet;
  // The wallet icon beside a member no. opens that member's wallet (balance split, refundable orders, 退款).
  const [walletOf, setWalletOf] = useState<number | null>(null);

  const columns: ProColumns<AdminTopup>[] = [
    { title: '状态', dataIndex: 'status', valueType: 'select', valueEnum: TOPUP_STATUS_ENUM, hideInTable: true },
    { title: '会员号', dataIndex: 'memberNo', hideInTable: true },
    { title: '订单号', dataIndex: 'outTradeNo', hideInTable: true },
    {
      title: '日期',
      dataIndex: 'date',
      valueType: 'dateRange',
      hideInTable: true,
      tooltip: '已到账的按到账日期，其余按下单日期；北京时间',
    },
    {
      title: '仅异常',
      dataIndex: 'flagged',
      valueType: 'switch',
      hideInTable: true,
      tooltip: '只看有待处理支付异常的订单',
    },
    {
      title: '发货',
      dataIndex: 'shipping',
      valueType: 'select',
      valueEnum: SHIPPING_FILTER,
      hideInTable: true,
      tooltip: '微信在发货信息上传前冻结这笔资金：只看上传待处理或失败的订单',
    },
    {
      title: '订单号',
      key: 'outTradeNo',
      search: false,
      width: 240,
      fixed: 'left',
      render: (_, r) => <Typography.Text copyable>{r.outTradeNo}</Typography.Text>,
    },
    {
      title: '会员号',
      key: 'memberNo',
      search: false,
      width: 160,
      render: (_, r) => (
        <Space size={6}>
          {permissions.viewMemberRows ? <Link to={`/members/${r.memberId}`}>{r.memberNo}</Link> : r.memberNo}
          <Tooltip title="会员储值与退款">
            <Typography.Link
              data-testid="topup-member-wallet"
              aria-label="会员储值与退款"
              onClick={() => setWalletOf(r.memberId)}
            >
              <WalletOutlined />
            </Typography.Link>
          </Tooltip>
        </Space>
      ),
    },
    { title: '会员', dataIndex: 'memberName', search: false, width: 100, ellipsis: true },
    {
      title: '方案',
      dataIndex: 'planName',
      search: false,
      width: 150,
      ellipsis: true,
      render: (_, r) => r.planName ?? <Typography.Text type="secondary">自定义金额</Typography.Text>,
    },
    {
      title: '充值金额',
      dataIndex: 'payFen',
      search: false,
      align: 'right',
      width: 120,
      render: (_, r) => (
        <Space direction="vertical" size={0} align="end">
          <span>{formatCny(r.payFen)}</span>
          {r.refundedFen > 0 && <Typography.Text type="secondary">已退 {formatCny(r.refundedFen)}</Typography.Text>}
        </Space>
      ),
    },
    {
      title: '赠送',
      dataIndex: 'bonusFen',
      search: false,
      align: 'right',
      width: 100,
      render: (_, r) => (r.bonusFen ? formatCny(r.bonusFen) : '—'),
    },
    { title: '状态', key: 'statusTag', dataIndex: 'status', search: false, valueEnum: TOPUP_STATUS_ENUM, width: 90 },
    // Next to the status, in view: a payment whose shipping is not uploaded stays frozen at WeChat.
    {
      title: '发货',
      key: 'shippingStatus',
      search: false,
      width: 90,
      render: (_, r) => {
        if (!r.shippingStatus) return '—';
        const tag = (
          <Tag color={SHIPPING_TAGS[r.shippingStatus].color} data-testid="topup-shipping">
            {SHIPPING_TAGS[r.shippingStatus].text}
          </Tag>
        );
        return r.shippingError ? <Tooltip title={r.shippingError}>{tag}</Tooltip> : tag;
      },
    },
    {
      title: '确认方式',
      dataIndex: 'confirmedBy',
      search: false,
      width: 90,
      render: (_, r) => (r.confirmedBy ? CONFIRMED_BY_LABELS[r.confirmedBy] : '—'),
    },
    {
      title: '异常',
      dataIndex: 'anomaly',
      search: false,
      width: 120,
      render: (_, r) =>
        r.anomaly ? (
          <Tag color="red" data-testid="topup-anomaly">
            {ANOMALY_KIND_LABELS[r.anomaly]}
          </Tag>
        ) : (
          '—'
        ),
    },
    { title: '创建时间', key: 'createdAt', search: false, width: 170, render: (_, r) => formatTime(r.createdAt) },
    { title: '到账时间', key: 'paidAt', search: false, width: 170, render: (_, r) => formatTime(r.paidAt) },
    {
      title: '微信支付单号',
      key: 'transactionId',
      search: false,
      width: 270,
      render: (_, r) => (r.transactionId ? <Typography.Text copyable>{r.transactionId}</Typography.Text> : '—'),
    },
    {
      title: '操作',
      key: 'actions',
      valueType: 'option',
      width: 110,
      fixed: 'right',
      hideInTable: !permissions.manageWallet,
      render: (_, r) =>
        r.status === 'NOTPAY' || r.status === 'CLOSED' ? [<SyncLink key="sync" row={r} onDone={reload} />] : [],
    },
  ];

  return (
    <div data-testid="topup-table">
      <ProTable<AdminTopup>
        rowKey="outTradeNo"
        actionRef={actionRef}
        columns={columns}
        search={{ labelWidth: 'auto', defaultCollapsed: true }}
        form={{ initialValues: initial }}
        onSubmit={(v) => url.save(filtersOf(v as Record<string, unknown>))}
        onReset={() => url.save({})}
        options={{ reload: true, density: false, setting: false }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        // Wider than the page on small screens: scroll sideways rather than squeeze columns to a glyph a line.
        scroll={{ x: 1900 }}
        onRow={(r) =>
          rowData({ 'data-testid': 'topup-row', 'data-out-trade-no': r.outTradeNo, 'data-status': r.status })
        }
        toolBarRender={() =>
          canExport
            ? [
                <ExportButton
                  key="export"
                  name="充值订单"
                  testId="topup-export"
                  run={(fileName) => topupsApi.exportCsv(last.current, fileName)}
                />,
              ]
            : []
        }
        request={async (params) => {
          const query = filtersOf(params);
          last.current = query;
          try {
            const page = await topupsApi.list({ ...query, page: params.current, pageSize: params.pageSize });
            return { data: page.items, total: page.total, success: true };
          } catch (e) {
            showError(e);
            return { data: [], total: 0, success: false };
          }
        }}
      />
      <MemberWalletDrawer
        memberId={walletOf}
        open={walletOf !== null}
        onClose={() => setWalletOf(null)}
        onChanged={reload}
      />
    </div>
  );
}
