import { PageContainer, ProTable } from '@ant-design/pro-components';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import { formatCny, type WalletRefund, type WalletRefundStatus } from '@member/shared';
import { Typography } from 'antd';
import dayjs from 'dayjs';
import { useRef, useState } from 'react';
import { walletRefundsApi, type WalletRefundFilters } from '../../api/wallet-refunds';
import { useSession } from '../../auth/AuthContext';
import { showError } from '../../utils/feedback';
import { formatTime } from '../../utils/format';
import { rowData } from '../../utils/labels';
import { ExportButton } from '../coupons/ExportButton';
import { useUrlFilters } from '../coupons/url-filters';
import { MemberWalletDrawer } from './MemberWalletDrawer';
import { RefundStatusTag } from './RefundStatusTag';
import { REFUND_STATUS_ENUM } from './wallet-refund-labels';

const KEYS = ['status', 'memberNo', 'from', 'to'] as const;
const day = (v: unknown) => (v ? dayjs(v as string).format('YYYY-MM-DD') : undefined);
const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const STATUSES = Object.keys(REFUND_STATUS_ENUM) as WalletRefundStatus[];

function filtersOf(p: Record<string, unknown>): WalletRefundFilters {
  const range = p.date as [unknown, unknown] | undefined;
  return {
    status: STATUSES.find((s) => s === p.status),
    memberNo: text(p.memberNo),
    from: day(range?.[0] ?? p.from),
    to: day(range?.[1] ?? p.to),
  };
}

/**
 * 退款记录: every refund of principal (one row per top-up order it went back through, or one 线下退款 row),
 * with WeChat's outcome; filters, 导出 CSV (not for analysts), and the member's wallet a click away.
 */
export function WalletRefundsPage() {
  const { permissions } = useSession();
  const actionRef = useRef<ActionType>();
  const url = useUrlFilters(KEYS);
  const last = useRef<WalletRefundFilters>(filtersOf(url.initial));
  const { from, to, ...rest } = url.initial;
  const [memberId, setMemberId] = useState<number | null>(null);

  const columns: ProColumns<WalletRefund>[] = [
    { title: '状态', dataIndex: 'status', valueType: 'select', valueEnum: REFUND_STATUS_ENUM, hideInTable: true },
    { title: '会员号', dataIndex: 'memberNo', hideInTable: true },
    { title: '申请日期', dataIndex: 'date', valueType: 'dateRange', hideInTable: true, tooltip: '北京时间' },
    {
      title: '退款单号',
      key: 'outRefundNo',
      search: false,
      width: 250,
      fixed: 'left',
      render: (_, r) => <Typography.Text copyable>{r.outRefundNo}</Typography.Text>,
    },
    {
      title: '会员号',
      key: 'memberNo',
      search: false,
      width: 120,
      render: (_, r) => (
        <Typography.Link data-testid="refund-member" onClick={() => setMemberId(r.memberId)}>
          {r.memberNo}
        </Typography.Link>
      ),
    },
    { title: '会员', dataIndex: 'memberName', search: false, width: 100, ellipsis: true },
    {
      title: '退还本金',
      dataIndex: 'principalFen',
      search: false,
      align: 'right',
      width: 110,
      render: (_, r) => formatCny(r.principalFen),
    },
    {
      title: '作废赠送',
      dataIndex: 'bonusForfeitedFen',
      search: false,
      align: 'right',
      width: 100,
      render: (_, r) => (r.bonusForfeitedFen ? formatCny(r.bonusForfeitedFen) : '—'),
    },
    { title: '状态', key: 'statusTag', search: false, width: 100, render: (_, r) => <RefundStatusTag refund={r} /> },
    {
      title: '方式',
      key: 'way',
      search: false,
      width: 250,
      render: (_, r) =>
        r.offPlatform ? (
          '线下退款'
        ) : (
          <span>
            原路退回 <Typography.Text copyable>{r.outTradeNo}</Typography.Text>
          </span>
        ),
    },
    { title: '退款原因', dataIndex: 'reason', search: false, width: 200, ellipsis: true },
    { title: '操作人', dataIndex: 'operatorName', search: false, width: 100 },
    { title: '申请时间', key: 'createdAt', search: false, width: 170, render: (_, r) => formatTime(r.createdAt) },
    {
      title: '完成时间',
      key: 'doneAt',
      search: false,
      width: 170,
      render: (_, r) => formatTime(r.successAt ?? r.closedAt),
    },
    {
      title: '微信退款单号',
      key: 'refundId',
      search: false,
      width: 260,
      render: (_, r) => (r.refundId ? <Typography.Text copyable>{r.refundId}</Typography.Text> : '—'),
    },
  ];

  return (
    <PageContainer
      title="退款记录"
      content="会员未使用本金的退款：原路退回微信支付（结果以微信支付通知或查询为准），或支付满一年后登记的线下退款。赠送金按比例作废。"
    >
      <div data-testid="refund-table">
        <ProTable<WalletRefund>
          rowKey="outRefundNo"
          actionRef={actionRef}
          columns={columns}
          search={{ labelWidth: 'auto' }}
          form={{ initialValues: { ...rest, date: from && to ? [from, to] : undefined } }}
          onSubmit={(v) => url.save(filtersOf(v as Record<string, unknown>))}
          onReset={() => url.save({})}
          options={{ reload: true, density: false, setting: false }}
          pagination={{ defaultPageSize: 20, showSizeChanger: true }}
          scroll={{ x: 2000 }}
          onRow={(r) => rowData({ 'data-testid': 'refund-row', 'data-no': r.outRefundNo, 'data-status': r.status })}
          toolBarRender={() =>
            permissions.manageWallet
              ? [
                  <ExportButton
                    key="export"
                    name="储值退款"
                    testId="refund-export"
                    run={(fileName) => walletRefundsApi.exportCsv(last.current, fileName)}
                  />,
                ]
              : []
          }
          request={async (params) => {
            const query = filtersOf(params);
            last.current = query;
            try {
              const page = await walletRefundsApi.list({ ...query, page: params.current, pageSize: params.pageSize });
              return { data: page.items, total: page.total, success: true };
            } catch (e) {
              showError(e);
              return { data: [], total: 0, success: false };
            }
          }}
        />
      </div>
      <MemberWalletDrawer
        memberId={memberId}
        open={memberId !== null}
        onClose={() => setMemberId(null)}
        onChanged={() => void actionRef.current?.reload()}
      />
    </PageContainer>
  );
}
