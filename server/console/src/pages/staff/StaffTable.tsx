import { ProTable } from '@ant-design/pro-components';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import { STAFF_ROLE_LABELS, StaffRole } from '@member/shared';
import type { StaffMember, UpdateStaffRequest } from '@member/shared';
import { Popconfirm, Select, Switch, Tag } from 'antd';
import { useRef } from 'react';
import { Link } from 'react-router-dom';
import { staffApi } from '../../api/admin';
import { useSession } from '../../auth/AuthContext';
import { showError, showSuccess } from '../../utils/feedback';
import { formatTime } from '../../utils/format';

const ROLE_OPTIONS = Object.values(StaffRole).map((r) => ({
  value: r,
  label: STAFF_ROLE_LABELS[r],
}));

export function StaffTable({ storeId }: { storeId?: number }) {
  const { permissions } = useSession();
  const actionRef = useRef<ActionType>();

  const update = async (staff: StaffMember, body: UpdateStaffRequest, done: string) => {
    try {
      await staffApi.update(staff.id, body);
      showSuccess(done);
      actionRef.current?.reload();
    } catch (e) {
      showError(e);
    }
  };

  const columns: ProColumns<StaffMember>[] = [
    {
      title: '会员号',
      dataIndex: 'memberNo',
      render: (_, r) => <Link to={`/members/${r.memberId}`}>{r.memberNo}</Link>,
    },
    { title: '昵称', dataIndex: 'nickname' },
    { title: '门店', dataIndex: 'storeName' },
    {
      title: '角色',
      dataIndex: 'role',
      width: 140,
      render: (_, r) =>
        permissions.manageStaff ? (
          <Select
            size="small"
            style={{ width: 100 }}
            value={r.role}
            options={ROLE_OPTIONS}
            onChange={(role) => update(r, { role }, `已改为${STAFF_ROLE_LABELS[role]}`)}
          />
        ) : (
          STAFF_ROLE_LABELS[r.role]
        ),
    },
    {
      title: '状态',
      dataIndex: 'active',
      width: 120,
      render: (_, r) =>
        permissions.manageStaff ? (
          <Popconfirm
            title={r.active ? `停用店员「${r.nickname}」？` : `恢复店员「${r.nickname}」？`}
            onConfirm={() => update(r, { active: !r.active }, r.active ? '店员已停用' : '店员已恢复')}
          >
            <Switch checked={r.active} checkedChildren="在职" unCheckedChildren="停用" />
          </Popconfirm>
        ) : r.active ? (
          <Tag color="green">在职</Tag>
        ) : (
          <Tag>已停用</Tag>
        ),
    },
    {
      title: '加入时间',
      dataIndex: 'createdAt',
      width: 170,
      render: (_, r) => formatTime(r.createdAt),
    },
  ];

  return (
    <ProTable<StaffMember, { storeId?: number }>
      rowKey="id"
      actionRef={actionRef}
      columns={columns}
      search={false}
      params={{ storeId }}
      options={{ reload: true, density: false, setting: false }}
      pagination={{ defaultPageSize: 20 }}
      request={async (params) => {
        try {
          const list = await staffApi.list(params.storeId);
          return { data: list, total: list.length, success: true };
        } catch (e) {
          showError(e);
          return { data: [], total: 0, success: false };
        }
      }}
    />
  );
}
