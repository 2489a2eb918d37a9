import { ProTable } from '@ant-design/pro-components';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import { STAFF_ROLE_LABELS } from '@member/shared';
import type { StaffInvite, Store } from '@member/shared';
import { Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { staffApi } from '../../api/admin';
import { useSession } from '../../auth/AuthContext';
import { showError } from '../../utils/feedback';
import { formatTime } from '../../utils/format';
import { CreateInviteForm } from './CreateInviteForm';
import { InviteCreatedModal } from './InviteCreatedModal';

const STATUS_TAGS: Record<StaffInvite['status'], { color: string; text: string }> = {
  pending: { color: 'blue', text: '待使用' },
  redeemed: { color: 'green', text: '已使用' },
  expired: { color: 'default', text: '已过期' },
};

const columns: ProColumns<StaffInvite>[] = [
  {
    title: '邀请码',
    dataIndex: 'inviteCode',
    render: (_, r) => (
      <Typography.Text copyable={r.status === 'pending'} style={{ fontFamily: 'monospace' }}>
        {r.inviteCode}
      </Typography.Text>
    ),
  },
  { title: '门店', dataIndex: 'storeName' },
  { title: '角色', dataIndex: 'role', render: (_, r) => STAFF_ROLE_LABELS[r.role] },
  {
    title: '状态',
    dataIndex: 'status',
    render: (_, r) => <Tag color={STATUS_TAGS[r.status].color}>{STATUS_TAGS[r.status].text}</Tag>,
  },
  { title: '有效期至', dataIndex: 'expiresAt', render: (_, r) => formatTime(r.expiresAt) },
  {
    title: '使用情况',
    key: 'redeemed',
    render: (_, r) => (r.redeemedAt ? `${r.redeemedByMemberNo ?? '—'} · ${formatTime(r.redeemedAt)}` : '—'),
  },
  { title: '生成时间', dataIndex: 'createdAt', render: (_, r) => formatTime(r.createdAt) },
];

export function InviteTable({ storeId, stores }: { storeId?: number; stores: Store[] }) {
  const { permissions } = useSession();
  const actionRef = useRef<ActionType>();
  const [created, setCreated] = useState<StaffInvite | null>(null);

  return (
    <>
      <ProTable<StaffInvite, { storeId?: number }>
        rowKey="id"
        actionRef={actionRef}
        columns={columns}
        search={false}
        params={{ storeId }}
        options={{ reload: true, density: false, setting: false }}
        pagination={{ defaultPageSize: 20 }}
        toolBarRender={() =>
          permissions.manageStaff
            ? [
                <CreateInviteForm
                  key="create"
                  stores={stores}
                  defaultStoreId={storeId}
                  onCreated={(invite) => {
                    setCreated(invite);
                    actionRef.current?.reload();
                  }}
                />,
              ]
            : []
        }
        request={async (params) => {
          try {
            const list = await staffApi.listInvites(params.storeId);
            return { data: list, total: list.length, success: true };
          } catch (e) {
            showError(e);
            return { data: [], total: 0, success: false };
          }
        }}
      />
      <InviteCreatedModal invite={created} onClose={() => setCreated(null)} />
    </>
  );
}
