import { DownloadOutlined } from '@ant-design/icons';
import { PageContainer, ProTable } from '@ant-design/pro-components';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import { DELETION_STATUS_LABELS } from '@member/shared';
import type { AdminDeletionRequest, DeletionStatus } from '@member/shared';
import { Alert, Button, Empty, Input, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { privacyAdminApi } from '../../api/privacy';
import { useSession } from '../../auth/AuthContext';
import { showError, showSuccess } from '../../utils/feedback';
import { formatTime } from '../../utils/format';
import { rowData, statusTabs } from '../../utils/labels';
import { DeletionActions } from './DeletionActions';

type StatusTab = DeletionStatus | 'all';

const TABS = statusTabs(DELETION_STATUS_LABELS);

const STATUS_COLORS: Record<DeletionStatus, string> = {
  pending: 'red',
  cooling_off: 'gold',
  erased: 'default',
  rejected: 'purple',
  cancelled: 'blue',
};

function daysLeft(dueAt: string): string {
  const days = Math.ceil(dayjs(dueAt).diff(dayjs(), 'hour') / 24);
  return days > 0 ? `还剩 ${days} 天` : '已到期';
}

function columns(reload: () => void, canManage: boolean): ProColumns<AdminDeletionRequest>[] {
  return [
    { title: '编号', dataIndex: 'id', width: 72 },
    {
      title: '会员',
      dataIndex: 'memberNo',
      render: (_, r) =>
        r.status === 'erased' ? (
          <Space direction="vertical" size={0}>
            <Typography.Text code>{r.memberNo}</Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              匿名编号（个人信息已删除）
            </Typography.Text>
          </Space>
        ) : (
          <Space direction="vertical" size={0}>
            <Link to={`/members/${r.memberId}`}>{r.nickname || '—'}</Link>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.memberNo}
            </Typography.Text>
          </Space>
        ),
    },
    {
      title: '状态',
      dataIndex: 'status',
      width: 110,
      render: (_, r) => <Tag color={STATUS_COLORS[r.status]}>{DELETION_STATUS_LABELS[r.status]}</Tag>,
    },
    { title: '申请时间', dataIndex: 'requestedAt', width: 170, render: (_, r) => formatTime(r.requestedAt) },
    {
      title: '冷静期结束',
      dataIndex: 'dueAt',
      width: 170,
      render: (_, r) => (
        <Space direction="vertical" size={0}>
          <span>{formatTime(r.dueAt)}</span>
          {r.status === 'cooling_off' && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {daysLeft(r.dueAt)}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: '处理',
      key: 'decided',
      render: (_, r) =>
        r.decidedAt ? (
          <Space direction="vertical" size={0}>
            <span>{formatTime(r.decidedAt)}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.decidedBy ?? (r.status === 'cancelled' ? '会员撤销' : '—')}
            </Typography.Text>
            {r.rejectReason && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                原因：{r.rejectReason}
              </Typography.Text>
            )}
          </Space>
        ) : (
          '—'
        ),
    },
    {
      title: '操作',
      key: 'actions',
      width: 150,
      render: (_, r) => (canManage ? <DeletionActions request={r} onDone={reload} /> : null),
    },
  ];
}

/** 注销申请: members' account deletions by state; process after the cooling-off period or reject with a reason. */
export function DeletionRequestsPage() {
  const { permissions } = useSession();
  const actionRef = useRef<ActionType>();
  // Filters live in the URL, so a shared link opens the same view.
  const [search, setSearch] = useSearchParams();
  const status = (search.get('status') as StatusTab | null) ?? 'pending';
  const q = search.get('q') ?? '';
  const [exporting, setExporting] = useState(false);
  const setFilter = (next: { status?: StatusTab; q?: string }) => {
    const params = new URLSearchParams(search);
    for (const [k, v] of Object.entries(next)) {
      if (v) params.set(k, v);
      else params.delete(k);
    }
    setSearch(params, { replace: true });
  };

  const exportCsv = async () => {
    setExporting(true);
    try {
      await privacyAdminApi.exportCsv(
        { status: status === 'all' ? undefined : status, q: q || undefined },
        `注销申请_${dayjs().format('YYYYMMDD_HHmm')}.csv`,
      );
      showSuccess('已导出');
    } catch (e) {
      showError(e);
    } finally {
      setExporting(false);
    }
  };

  return (
    <PageContainer title="注销申请">
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        message="会员在小程序中申请注销（需重新微信登录确认）后进入冷静期，期间可自行撤销"
        description="冷静期结束后，每日任务会自动删除个人信息；也可在“待处理”中立即处理。消费、退款和积分流水保留，只关联匿名编号。有未完成的售后等原因时可驳回，会员会看到驳回原因。"
      />
      <div data-testid="deletion-table">
        <ProTable<AdminDeletionRequest, { status: StatusTab; q: string }>
          rowKey="id"
          actionRef={actionRef}
          columns={columns(() => actionRef.current?.reload(), permissions.managePrivacy)}
          search={false}
          params={{ status, q }}
          options={{ reload: true, density: false, setting: false }}
          pagination={{ defaultPageSize: 20, showSizeChanger: true }}
          headerTitle={
            <Input.Search
              data-testid="deletion-search"
              placeholder="会员号 / 匿名编号"
              allowClear
              enterButton="搜索"
              defaultValue={q}
              style={{ width: 300 }}
              onSearch={(value) => setFilter({ q: value.trim() })}
            />
          }
          toolbar={{
            menu: {
              type: 'tab',
              activeKey: status,
              items: TABS,
              onChange: (key) => setFilter({ status: (key as StatusTab) ?? 'pending' }),
            },
          }}
          toolBarRender={() => [
            <Button
              key="export"
              icon={<DownloadOutlined />}
              loading={exporting}
              onClick={exportCsv}
              data-testid="deletion-export"
            >
              导出 CSV
            </Button>,
          ]}
          locale={{ emptyText: <Empty description="暂无注销申请" image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
          onRow={(r) => rowData({ 'data-testid': 'deletion-row', 'data-status': r.status })}
          request={async (params) => {
            try {
              const page = await privacyAdminApi.deletionRequests({
                status: params.status === 'all' ? undefined : params.status,
                q: params.q || undefined,
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
