import { PageContainer, ProTable } from '@ant-design/pro-components';
import type { ProColumns } from '@ant-design/pro-components';
import type { ExpiryReminderStatus, PointsExpiryReminder } from '@member/shared';
import { Alert, Empty, Tag } from 'antd';
import { useState } from 'react';
import type { HTMLAttributes } from 'react';
import { pointsAdminApi } from '../../api/points-admin';
import { showError } from '../../utils/feedback';
import { formatTime } from '../../utils/format';
import { EXPIRY_REMINDER_STATUS_LABELS, rowData, statusTabs } from '../../utils/labels';
import { MemberCell } from './MemberCell';

type StatusTab = ExpiryReminderStatus | 'all';

const TABS = statusTabs(EXPIRY_REMINDER_STATUS_LABELS);

const STATUS_COLORS: Record<ExpiryReminderStatus, string> = {
  planned: 'blue',
  sent: 'green',
  skipped: 'default',
};

function rowAttrs(r: PointsExpiryReminder): HTMLAttributes<HTMLElement> {
  return rowData({ 'data-testid': 'expiry-reminder-row', 'data-status': r.status });
}

const columns: ProColumns<PointsExpiryReminder>[] = [
  { title: '会员', dataIndex: 'member', width: 240, render: (_, r) => <MemberCell member={r.member} /> },
  { title: '到期日', dataIndex: 'expiresOn', width: 120 },
  {
    title: '到期积分',
    dataIndex: 'points',
    align: 'right',
    width: 120,
    render: (_, r) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{r.points} 分</span>,
  },
  {
    title: '状态',
    dataIndex: 'status',
    width: 100,
    render: (_, r) => <Tag color={STATUS_COLORS[r.status]}>{EXPIRY_REMINDER_STATUS_LABELS[r.status] ?? r.status}</Tag>,
  },
  { title: '计划时间', dataIndex: 'plannedAt', render: (_, r) => formatTime(r.plannedAt) },
];

/** 积分到期提醒: the plan of reminders for points about to expire (sent by the notices module). */
export function ExpiryRemindersPage() {
  const [status, setStatus] = useState<StatusTab>('planned');
  return (
    <PageContainer title="积分到期提醒">
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        message="积分到期前（默认 30 天）为会员计划一条提醒，同一天到期的积分合并为一条。提醒由通知模块以微信订阅消息发送；会员没有可用的订阅授权、处于免打扰时段或超出频次时会跳过。此页仅查看计划与结果。"
      />
      <div data-testid="expiry-reminder-table">
        <ProTable<PointsExpiryReminder, { status: StatusTab }>
          rowKey="id"
          columns={columns}
          search={false}
          params={{ status }}
          options={{ reload: true, density: false, setting: false }}
          pagination={{ defaultPageSize: 20, showSizeChanger: true }}
          toolbar={{
            menu: {
              type: 'tab',
              activeKey: status,
              items: TABS,
              onChange: (key) => setStatus((key as StatusTab) ?? 'planned'),
            },
          }}
          locale={{ emptyText: <Empty description="暂无到期提醒" image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
          onRow={rowAttrs}
          request={async (params) => {
            try {
              const page = await pointsAdminApi.expiryReminders({
                status: params.status === 'all' ? undefined : params.status,
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
