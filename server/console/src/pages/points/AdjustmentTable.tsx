import { ProTable } from '@ant-design/pro-components';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import { POINTS_ADJUSTMENT_REASON_LABELS, POINTS_ADJUSTMENT_STATUS_LABELS } from '@member/shared';
import type { PointsAdjustment, PointsAdjustmentStatus } from '@member/shared';
import { Empty, Space, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import type { HTMLAttributes, ReactNode } from 'react';
import { pointsAdminApi } from '../../api/points-admin';
import { useSession } from '../../auth/AuthContext';
import { SignedPoints } from '../../components/SignedPoints';
import { showError } from '../../utils/feedback';
import { formatTime } from '../../utils/format';
import { AdjustmentActions } from './AdjustmentActions';
import { rowData, statusTabs } from '../../utils/labels';
import { MemberCell } from './MemberCell';

export const ADJUSTMENT_STATUS_COLORS: Record<PointsAdjustmentStatus, string> = {
  pending: 'gold',
  applied: 'green',
  rejected: 'default',
};

type StatusTab = PointsAdjustmentStatus | 'all';

const TABS = statusTabs(POINTS_ADJUSTMENT_STATUS_LABELS);

function rowAttrs(r: PointsAdjustment): HTMLAttributes<HTMLElement> {
  return rowData({
    'data-testid': 'adjustment-row',
    'data-adjustment-id': String(r.id),
    'data-status': r.status,
  });
}

/** Two-line cell: who, then when in grey. */
function WhoWhen({ name, at, extra }: { name: string; at: string | null; extra?: ReactNode }) {
  return (
    <Space direction="vertical" size={0}>
      <span>{name}</span>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {formatTime(at)}
      </Typography.Text>
      {extra}
    </Space>
  );
}

interface AdjustmentTableProps {
  /** One member's adjustments (member detail page): no member column, all statuses, compact. */
  memberId?: number;
  /** Bump to reload. */
  refreshKey?: number;
  /** Status tab shown first on the full list. */
  defaultStatus?: StatusTab;
  /** After an approval or rejection from this table. */
  onDecided?: () => void;
}

/** Points adjustments, newest first, with 通过 / 驳回 on pending rows for writers. */
export function AdjustmentTable({
  memberId,
  refreshKey = 0,
  defaultStatus = 'pending',
  onDecided,
}: AdjustmentTableProps) {
  const { operator, permissions } = useSession();
  const actionRef = useRef<ActionType>();
  const [status, setStatus] = useState<StatusTab>(memberId ? 'all' : defaultStatus);
  const compact = memberId !== undefined;
  // The compact list shows every status: keep the actions column only while something is pending.
  const [anyPending, setAnyPending] = useState(false);

  const columns: ProColumns<PointsAdjustment>[] = [
    {
      title: '会员',
      dataIndex: 'member',
      width: 150,
      hideInTable: compact,
      render: (_, r) => <MemberCell member={r.member} />,
    },
    {
      title: '调整',
      dataIndex: 'delta',
      align: 'right',
      width: 90,
      render: (_, r) => <SignedPoints amount={r.delta} />,
    },
    {
      title: '原因',
      dataIndex: 'reasonCode',
      width: 110,
      render: (_, r) => POINTS_ADJUSTMENT_REASON_LABELS[r.reasonCode] ?? r.reasonCode,
    },
    {
      title: '说明',
      dataIndex: 'note',
      render: (_, r) => (
        <Typography.Paragraph style={{ margin: 0, minWidth: 160 }} ellipsis={{ rows: 2, tooltip: r.note }}>
          {r.note}
        </Typography.Paragraph>
      ),
    },
    {
      title: '申请',
      dataIndex: 'requestedAt',
      width: 170,
      render: (_, r) => <WhoWhen name={r.requestedBy.name} at={r.requestedAt} />,
    },
    {
      title: '状态',
      dataIndex: 'status',
      width: 90,
      render: (_, r) => (
        <Tag color={ADJUSTMENT_STATUS_COLORS[r.status]} data-testid="adjustment-status">
          {POINTS_ADJUSTMENT_STATUS_LABELS[r.status] ?? r.status}
        </Tag>
      ),
    },
    {
      title: '处理',
      dataIndex: 'decidedAt',
      width: 180,
      render: (_, r) =>
        r.decidedBy ? (
          <WhoWhen
            name={r.decidedBy.name}
            at={r.decidedAt}
            extra={
              r.decisionNote ? (
                <Typography.Text style={{ fontSize: 12 }} ellipsis={{ tooltip: r.decisionNote }}>
                  意见：{r.decisionNote}
                </Typography.Text>
              ) : null
            }
          />
        ) : r.status === 'applied' ? (
          <Typography.Text type="secondary">直接生效</Typography.Text>
        ) : (
          '—'
        ),
    },
    {
      title: '调整后余额',
      dataIndex: 'balanceAfter',
      align: 'right',
      width: 100,
      render: (_, r) => r.balanceAfter ?? '—',
    },
    {
      title: '操作',
      key: 'actions',
      valueType: 'option',
      width: 110,
      // Only pending rows have actions: no empty column on the 已生效 / 已驳回 tabs.
      hideInTable:
        !permissions.managePoints || status === 'applied' || status === 'rejected' || (compact && !anyPending),
      render: (_, r) => [
        <AdjustmentActions
          key="decide"
          adjustment={r}
          operatorId={operator.id}
          onDecided={() => {
            actionRef.current?.reload();
            onDecided?.();
          }}
        />,
      ],
    },
  ];

  return (
    <div data-testid="adjustment-table">
      <ProTable<PointsAdjustment, { status: StatusTab; memberId?: number; refreshKey: number }>
        rowKey="id"
        actionRef={actionRef}
        columns={columns}
        search={false}
        cardProps={compact ? false : undefined}
        size={compact ? 'small' : undefined}
        options={compact ? false : { reload: true, density: false, setting: false }}
        params={{ status, memberId, refreshKey }}
        pagination={{ defaultPageSize: compact ? 5 : 20, showSizeChanger: true }}
        toolbar={
          compact
            ? undefined
            : {
                menu: {
                  type: 'tab',
                  activeKey: status,
                  items: TABS,
                  onChange: (key) => setStatus((key as StatusTab) ?? 'pending'),
                },
              }
        }
        locale={{ emptyText: <Empty description="暂无积分调整" image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
        onRow={rowAttrs}
        request={async (params) => {
          try {
            const page = await pointsAdminApi.adjustments({
              status: params.status === 'all' ? undefined : params.status,
              memberId: params.memberId,
              page: params.current,
              pageSize: params.pageSize,
            });
            setAnyPending(page.items.some((a) => a.status === 'pending'));
            return { data: page.items, total: page.total, success: true };
          } catch (e) {
            showError(e);
            return { data: [], total: 0, success: false };
          }
        }}
      />
    </div>
  );
}
