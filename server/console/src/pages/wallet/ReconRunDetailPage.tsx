import { PageContainer, ProDescriptions, ProTable } from '@ant-design/pro-components';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import { formatCny, type ReconItem, type ReconItemStatus, type ReconRun } from '@member/shared';
import { Alert, Input, Result, Space, Tag, Tooltip, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { reconciliationsApi } from '../../api/wallet-finance';
import { useSession } from '../../auth/AuthContext';
import { errorText, showError } from '../../utils/feedback';
import { formatTime } from '../../utils/format';
import { rowData } from '../../utils/labels';
import { RECON_ITEM_STATUS, RECON_ITEM_TABS, RECON_RUN_STATUS } from './recon-labels';
import { ReconRunButton } from './ReconRunButton';

const fen = (v: number | null) => (v == null ? '—' : formatCny(v));

/** One day's reconciliation: the run's totals, then every line with its result (differences first). */
export function ReconRunDetailPage() {
  const { permissions } = useSession();
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const tab = (RECON_ITEM_TABS.find((t) => t.key === search.get('status'))?.key ?? 'all') as ReconItemStatus | 'all';
  const [outTradeNo, setOutTradeNo] = useState('');
  const [run, setRun] = useState<ReconRun | null>(null);
  const [error, setError] = useState<string | null>(null);
  const actionRef = useRef<ActionType>();

  const columns: ProColumns<ReconItem>[] = [
    {
      title: '结果',
      dataIndex: 'status',
      width: 120,
      render: (_, i) => (
        <Tooltip title={RECON_ITEM_STATUS[i.status].help}>
          <Tag color={RECON_ITEM_STATUS[i.status].color}>{RECON_ITEM_STATUS[i.status].text}</Tag>
        </Tooltip>
      ),
    },
    {
      title: '类型',
      dataIndex: 'kind',
      width: 70,
      render: (_, i) => (i.kind === 'REFUND' ? <Tag color="purple">退款</Tag> : <Tag>收款</Tag>),
    },
    { title: '交易时间', key: 'tradeTime', width: 170, render: (_, i) => formatTime(i.tradeTime) },
    {
      title: '商户订单号 / 退款单号',
      dataIndex: 'outTradeNo',
      width: 260,
      render: (_, i) => (
        <Space direction="vertical" size={0}>
          <Typography.Text copyable>{i.outTradeNo}</Typography.Text>
          {i.outRefundNo && (
            <Typography.Text type="secondary" copyable>
              {i.outRefundNo}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    { title: '微信账单金额', key: 'billFen', align: 'right', width: 130, render: (_, i) => fen(i.billFen) },
    { title: '本系统金额', key: 'ourFen', align: 'right', width: 130, render: (_, i) => fen(i.ourFen) },
    {
      title: '说明',
      dataIndex: 'note',
      width: 320,
      render: (_, i) => (
        <Typography.Text type={i.status === 'MATCHED' ? 'secondary' : undefined}>{i.note ?? '—'}</Typography.Text>
      ),
    },
    {
      title: '微信支付单号',
      dataIndex: 'transactionId',
      width: 270,
      render: (_, i) => (i.transactionId ? <Typography.Text copyable>{i.transactionId}</Typography.Text> : '—'),
    },
  ];

  if (error) return <Result status="warning" title="对账记录无法加载" subTitle={error} />;

  return (
    <PageContainer
      title={run ? `对账明细 · ${run.billDate}` : '对账明细'}
      onBack={() => navigate('/wallet/reconciliations')}
      extra={
        permissions.manageWallet && run ? (
          <ReconRunButton
            key={run.billDate}
            initialDate={run.billDate}
            onDone={() => void actionRef.current?.reload()}
          />
        ) : undefined
      }
      tabList={RECON_ITEM_TABS}
      tabActiveKey={tab}
      onTabChange={(key) => setSearch(key === 'all' ? {} : { status: key }, { replace: true })}
      content={
        run && (
          <>
            {run.status === 'FAILED' && (
              <Alert type="warning" showIcon message={`对账失败：${run.error ?? ''}`} style={{ marginBottom: 12 }} />
            )}
            <ProDescriptions<ReconRun> column={4} dataSource={run} data-testid="recon-summary">
              <ProDescriptions.Item label="状态">
                <Tag color={RECON_RUN_STATUS[run.status].color}>{RECON_RUN_STATUS[run.status].text}</Tag>
              </ProDescriptions.Item>
              <ProDescriptions.Item label="微信账单">
                {run.noStatement ? '当天无交易' : `${run.billCount} 笔 · ${formatCny(run.billFen)}`}
              </ProDescriptions.Item>
              <ProDescriptions.Item label="本系统">{`${run.ourCount} 笔 · ${formatCny(run.ourFen)}`}</ProDescriptions.Item>
              <ProDescriptions.Item label="掉单已补">{`${run.repairedCount} 笔`}</ProDescriptions.Item>
              <ProDescriptions.Item label="一致">{`${run.matchedCount} 笔`}</ProDescriptions.Item>
              <ProDescriptions.Item label="差异">{`${run.mismatchCount} 笔`}</ProDescriptions.Item>
              <ProDescriptions.Item label="退款（微信 / 本系统）">
                {`${run.billRefundCount} 笔 · ${formatCny(run.billRefundFen)} / ${run.ourRefundCount} 笔 · ${formatCny(run.ourRefundFen)}`}
              </ProDescriptions.Item>
              <ProDescriptions.Item label="完成时间">{formatTime(run.finishedAt)}</ProDescriptions.Item>
            </ProDescriptions>
          </>
        )
      }
    >
      <ProTable<ReconItem>
        rowKey="id"
        actionRef={actionRef}
        columns={columns}
        search={false}
        params={{ id, tab, outTradeNo }}
        options={{ reload: true, density: false, setting: false }}
        pagination={{ defaultPageSize: 50, showSizeChanger: true }}
        scroll={{ x: 1400 }}
        toolBarRender={() => [
          <Input.Search
            key="no"
            allowClear
            placeholder="商户订单号"
            style={{ width: 260 }}
            onSearch={(v) => setOutTradeNo(v.trim())}
          />,
        ]}
        onRow={(i) => rowData({ 'data-testid': 'recon-item', 'data-status': i.status, 'data-no': i.outTradeNo })}
        request={async (params) => {
          try {
            const detail = await reconciliationsApi.detail(id, {
              status: tab === 'all' ? undefined : tab,
              outTradeNo: outTradeNo || undefined,
              page: params.current,
              pageSize: params.pageSize,
            });
            setRun(detail.run);
            return { data: detail.items.items, total: detail.items.total, success: true };
          } catch (e) {
            if (!run) setError(errorText(e));
            else showError(e);
            return { data: [], total: 0, success: false };
          }
        }}
      />
    </PageContainer>
  );
}
