import { PageContainer, ProTable } from '@ant-design/pro-components';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import { OUTBOX_KIND_LABELS, OUTBOX_STATUS_LABELS } from '@member/shared';
import type { OutboxItem, OutboxKind, OutboxStatus } from '@member/shared';
import { Alert, Empty, Popconfirm, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { HTMLAttributes } from 'react';
import { outboxApi } from '../../api/outbox';
import { useSession } from '../../auth/AuthContext';
import { showError, showSuccess } from '../../utils/feedback';
import { formatTime } from '../../utils/format';
import { rowData, statusTabs } from '../../utils/labels';

type StatusTab = OutboxStatus | 'all';

const TABS = statusTabs(OUTBOX_STATUS_LABELS);

const STATUS_COLORS: Record<OutboxStatus, string> = {
  pending: 'blue',
  failed: 'orange',
  sending: 'processing',
  dead: 'red',
  unknown: 'magenta',
  done: 'green',
};

const kindLabel = (kind: string) => OUTBOX_KIND_LABELS[kind] ?? kind;
const retryable = (r: OutboxItem) => (r.status === 'failed' || r.status === 'dead') && !r.running;

function rowAttrs(r: OutboxItem): HTMLAttributes<HTMLElement> {
  return rowData({ 'data-testid': 'outbox-row', 'data-status': r.status, 'data-kind': r.kind });
}

function StatusCell({ item }: { item: OutboxItem }) {
  return (
    <Space size={4} wrap>
      <Tag color={STATUS_COLORS[item.status]}>{OUTBOX_STATUS_LABELS[item.status] ?? item.status}</Tag>
      {item.running && item.status !== 'sending' && <Tag color="processing">执行中</Tag>}
      {!item.handlerRegistered && item.status === 'pending' && (
        <Tooltip title="该类型的处理程序尚未上线，任务会一直等待，上线后自动处理；这不是错误">
          <Tag>等待接入</Tag>
        </Tooltip>
      )}
    </Space>
  );
}

function RetryAction({ item, onDone }: { item: OutboxItem; onDone: () => void }) {
  return (
    <Popconfirm
      title="立即重试该任务？"
      description={item.status === 'dead' ? '死信任务将重新获得完整的重试次数' : '跳过退避等待，马上再试一次'}
      okText="立即重试"
      cancelText="取消"
      onConfirm={async () => {
        try {
          await outboxApi.retry(item.id);
          showSuccess('已放回队列，稍后自动处理');
        } catch (e) {
          showError(e);
        }
        onDone();
      }}
    >
      <a data-testid="outbox-retry">立即重试</a>
    </Popconfirm>
  );
}

/** 任务队列: the transactional outbox — what waits, what failed, what needs a person. */
export function OutboxPage() {
  const { permissions } = useSession();
  const action = useRef<ActionType>();
  const [status, setStatus] = useState<StatusTab>('all');
  const [kind, setKind] = useState<string | undefined>();
  const [kinds, setKinds] = useState<OutboxKind[]>([]);

  useEffect(() => {
    outboxApi.kinds().then(setKinds, showError);
  }, []);

  const columns: ProColumns<OutboxItem>[] = [
    { title: 'ID', dataIndex: 'id', width: 80 },
    {
      // The zh-CN name on one line; the technical kind (what the filter and logs use) on hover.
      title: '类型',
      dataIndex: 'kind',
      width: 190,
      ellipsis: true,
      render: (_, r) => (
        <Tooltip title={r.kind}>
          <span>{kindLabel(r.kind)}</span>
        </Tooltip>
      ),
    },
    { title: '业务键', dataIndex: 'key', width: 160, ellipsis: true, render: (_, r) => r.key ?? '—' },
    { title: '状态', dataIndex: 'status', width: 170, render: (_, r) => <StatusCell item={r} /> },
    {
      title: '尝试次数',
      dataIndex: 'attempts',
      width: 100,
      align: 'right',
      render: (_, r) => `${r.attempts} / ${r.maxAttempts}`,
    },
    {
      title: '下次尝试',
      dataIndex: 'availableAt',
      width: 170,
      render: (_, r) => (r.status === 'pending' || r.status === 'failed' ? formatTime(r.availableAt) : '—'),
    },
    {
      title: '最近错误',
      dataIndex: 'lastError',
      width: 200,
      ellipsis: true,
      render: (_, r) =>
        r.lastError ? (
          <Tooltip title={r.lastError}>
            <Typography.Text type="danger">{r.lastError}</Typography.Text>
          </Tooltip>
        ) : (
          '—'
        ),
    },
    { title: '创建时间', dataIndex: 'createdAt', width: 170, render: (_, r) => formatTime(r.createdAt) },
    ...(permissions.manageOutbox
      ? [
          {
            title: '操作',
            key: 'actions',
            width: 100,
            render: (_: unknown, r: OutboxItem) =>
              retryable(r) ? <RetryAction item={r} onDone={() => action.current?.reload()} /> : null,
          },
        ]
      : []),
  ];

  return (
    <PageContainer title="任务队列">
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        message="业务变更与其后续任务（如注册奖励积分、到期提醒发送）在同一事务中写入，由后台至少投递一次，不保证先后顺序。失败后按指数退避自动重试，超过次数进入「死信」；没有对方幂等键的外部调用若在发送途中中断，会标记为「结果未知」且不会自动重发，请向对方核实后处理。"
      />
      <div data-testid="outbox-table">
        <ProTable<OutboxItem, { status: StatusTab; kind?: string }>
          rowKey="id"
          actionRef={action}
          columns={columns}
          search={false}
          params={{ status, kind }}
          // Wider than a laptop's content area: scroll inside the card instead of spilling past it.
          scroll={{ x: 'max-content' }}
          options={{ reload: true, density: false, setting: false }}
          pagination={{ defaultPageSize: 20, showSizeChanger: true }}
          toolbar={{
            menu: {
              type: 'tab',
              activeKey: status,
              items: TABS,
              onChange: (key) => setStatus((key as StatusTab) ?? 'all'),
            },
            actions: [
              <Select
                key="kind"
                data-testid="outbox-kind-filter"
                allowClear
                placeholder="全部类型"
                style={{ width: 240 }}
                value={kind}
                onChange={setKind}
                options={kinds.map((k) => ({
                  value: k.kind,
                  label: k.handlerRegistered ? kindLabel(k.kind) : `${kindLabel(k.kind)}（等待接入）`,
                }))}
              />,
            ],
          }}
          locale={{ emptyText: <Empty description="暂无任务" image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
          onRow={rowAttrs}
          request={async (params) => {
            try {
              const page = await outboxApi.list({
                status: params.status === 'all' ? undefined : params.status,
                kind: params.kind,
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
      </div>
    </PageContainer>
  );
}
