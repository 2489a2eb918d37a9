import { PageContainer, ProTable } from '@ant-design/pro-components';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import { formatCny, type ReconRun } from '@member/shared';
import { Space, Tag, Tooltip, Typography } from 'antd';
import { useRef } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { reconciliationsApi } from '../../api/wallet-finance';
import { useSession } from '../../auth/AuthContext';
import { showError } from '../../utils/feedback';
import { formatTime } from '../../utils/format';
import { rowData } from '../../utils/labels';
import { RECON_RUN_STATUS } from './recon-labels';
import { ReconRunButton } from './ReconRunButton';

/** "3 笔 · ¥123.45" */
const side = (count: number, fen: number) => `${count} 笔 · ${formatCny(fen)}`;

/**
 * 对账: one row per day of WeChat Pay's trade bill, compared line by line with our top-ups by the daily job
 * (10:30, the previous day) or by an operator's 重新对账. A payment WeChat has and we had not credited
 * (掉单) is credited by the run; every other difference is listed and flagged in 支付异常.
 */
export function ReconciliationsPage() {
  const { permissions } = useSession();
  const actionRef = useRef<ActionType>();
  const navigate = useNavigate();

  const columns: ProColumns<ReconRun>[] = [
    {
      title: '账单日期',
      dataIndex: 'billDate',
      width: 120,
      render: (_, r) => <Link to={`/wallet/reconciliations/${r.id}`}>{r.billDate}</Link>,
    },
    {
      title: '状态',
      dataIndex: 'status',
      width: 110,
      render: (_, r) => (
        <Tooltip title={r.error ?? (r.noStatement ? '微信支付当天无交易（无账单）' : undefined)}>
          <Tag color={RECON_RUN_STATUS[r.status].color}>{RECON_RUN_STATUS[r.status].text}</Tag>
        </Tooltip>
      ),
    },
    {
      title: '微信账单',
      key: 'bill',
      align: 'right',
      width: 170,
      render: (_, r) =>
        r.noStatement ? <Typography.Text type="secondary">无交易</Typography.Text> : side(r.billCount, r.billFen),
    },
    { title: '本系统', key: 'ours', align: 'right', width: 170, render: (_, r) => side(r.ourCount, r.ourFen) },
    {
      title: '差额',
      key: 'diff',
      align: 'right',
      width: 110,
      render: (_, r) =>
        r.billFen === r.ourFen ? (
          <Typography.Text type="success">{formatCny(0)}</Typography.Text>
        ) : (
          <Typography.Text type="danger">{formatCny(r.billFen - r.ourFen)}</Typography.Text>
        ),
    },
    { title: '一致', dataIndex: 'matchedCount', align: 'right', width: 70 },
    {
      title: '掉单已补',
      dataIndex: 'repairedCount',
      align: 'right',
      width: 90,
      render: (_, r) => (r.repairedCount ? <Tag color="blue">{r.repairedCount}</Tag> : 0),
    },
    {
      title: '差异',
      dataIndex: 'mismatchCount',
      align: 'right',
      width: 70,
      render: (_, r) => (r.mismatchCount ? <Typography.Text type="danger">{r.mismatchCount}</Typography.Text> : 0),
    },
    {
      title: '退款（微信 / 本系统）',
      key: 'refunds',
      align: 'right',
      width: 170,
      render: (_, r) =>
        r.billRefundCount || r.ourRefundCount ? (
          <Space direction="vertical" size={0}>
            <span>{side(r.billRefundCount, r.billRefundFen)}</span>
            <span>{side(r.ourRefundCount, r.ourRefundFen)}</span>
          </Space>
        ) : (
          '—'
        ),
    },
    {
      title: '执行',
      key: 'by',
      width: 190,
      render: (_, r) => (
        <Space direction="vertical" size={0}>
          <span>{r.triggeredBy === 'JOB' ? '定时任务' : '运营手动'}</span>
          <Typography.Text type="secondary">{formatTime(r.finishedAt ?? r.startedAt)}</Typography.Text>
        </Space>
      ),
    },
    {
      title: '操作',
      key: 'actions',
      valueType: 'option',
      width: 80,
      fixed: 'right',
      render: (_, r) => [
        <Link key="view" to={`/wallet/reconciliations/${r.id}`}>
          明细
        </Link>,
      ],
    },
  ];

  return (
    <PageContainer
      title="对账"
      content="每天 10:30 自动下载前一天的微信支付交易账单，与充值订单和本金退款逐笔核对。微信已收款但未到账的订单（掉单）会自动补入账；其余差异列在明细中，并记入支付异常。"
      extra={
        permissions.manageWallet ? (
          <ReconRunButton
            onDone={(run) => {
              void actionRef.current?.reload();
              navigate(`/wallet/reconciliations/${run.id}`);
            }}
          />
        ) : undefined
      }
    >
      <ProTable<ReconRun>
        rowKey="id"
        actionRef={actionRef}
        columns={columns}
        search={false}
        options={{ reload: true, density: false, setting: false }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        scroll={{ x: 1400 }}
        onRow={(r) => rowData({ 'data-testid': 'recon-row', 'data-date': r.billDate, 'data-status': r.status })}
        request={async (params) => {
          try {
            const page = await reconciliationsApi.list({ page: params.current, pageSize: params.pageSize });
            return { data: page.items, total: page.total, success: true };
          } catch (e) {
            showError(e);
            return { data: [], total: 0, success: false };
          }
        }}
      />
    </PageContainer>
  );
}
