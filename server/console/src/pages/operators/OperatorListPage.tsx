import { PageContainer, ProTable } from '@ant-design/pro-components';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import { OPERATOR_ROLE_LABELS, OperatorRole } from '@member/shared';
import type { OperatorListItem } from '@member/shared';
import { Badge, Space, Tag, Tooltip, Typography } from 'antd';
import { useRef } from 'react';
import { operatorsApi } from '../../api/admin';
import { useSession } from '../../auth/AuthContext';
import { useStores } from '../../components/useStores';
import { showError } from '../../utils/feedback';
import { formatTime } from '../../utils/format';
import { CreateOperatorForm } from './CreateOperatorForm';
import { OperatorActions } from './OperatorActions';

const ROLE_COLORS: Record<OperatorRole, string> = {
  [OperatorRole.Admin]: 'red',
  [OperatorRole.Operator]: 'blue',
  [OperatorRole.Analyst]: 'purple',
  [OperatorRole.StoreManager]: 'gold',
};

export function OperatorListPage() {
  const actionRef = useRef<ActionType>();
  const { operator: me } = useSession();
  const { stores } = useStores();
  const storeName = (id: number | null) => (id === null ? '—' : (stores.find((s) => s.id === id)?.name ?? `#${id}`));
  const reload = () => actionRef.current?.reload();

  const columns: ProColumns<OperatorListItem>[] = [
    {
      title: '用户名',
      dataIndex: 'username',
      render: (_, r) => (
        <Space size={4}>
          {r.username}
          {r.id === me.id && <Tag>当前账号</Tag>}
        </Space>
      ),
    },
    { title: '显示名称', dataIndex: 'displayName' },
    {
      title: '角色',
      dataIndex: 'role',
      render: (_, r) => <Tag color={ROLE_COLORS[r.role]}>{OPERATOR_ROLE_LABELS[r.role] ?? r.role}</Tag>,
    },
    { title: '所属门店', dataIndex: 'storeId', render: (_, r) => storeName(r.storeId) },
    {
      title: '状态',
      dataIndex: 'active',
      render: (_, r) => (
        <Space size={4} wrap>
          {r.active ? <Badge status="success" text="启用" /> : <Badge status="default" text="已停用" />}
          {r.mustChangePassword && (
            <Tooltip title="管理员已重置密码，本人下次登录须设置新密码">
              <Tag color="orange">待改密码</Tag>
            </Tooltip>
          )}
          {r.lockedUntil && (
            <Tooltip title="连续输错密码，新设备暂时不能登录（登录过的设备不受影响）">
              <Tag color="red" data-testid={`operator-locked-${r.id}`}>
                锁定至 {formatTime(r.lockedUntil).slice(11, 16)}
              </Tag>
            </Tooltip>
          )}
        </Space>
      ),
    },
    {
      title: '最近登录',
      dataIndex: 'lastLoginAt',
      width: 170,
      render: (_, r) => (
        <Typography.Text type={r.lastLoginAt ? undefined : 'secondary'}>{formatTime(r.lastLoginAt)}</Typography.Text>
      ),
    },
    {
      title: '操作',
      valueType: 'option',
      width: 230,
      render: (_, r) =>
        r.id === me.id ? (
          <Typography.Text type="secondary">请在右上角菜单修改密码</Typography.Text>
        ) : (
          <OperatorActions row={r} onChanged={reload} />
        ),
    },
  ];

  return (
    <PageContainer title="运营账号">
      <ProTable<OperatorListItem>
        rowKey="id"
        actionRef={actionRef}
        columns={columns}
        search={false}
        options={{ reload: true, density: false, setting: false }}
        pagination={{ defaultPageSize: 20 }}
        toolBarRender={() => [<CreateOperatorForm key="create" stores={stores} onCreated={reload} />]}
        request={async () => {
          try {
            const list = await operatorsApi.list();
            return { data: list, total: list.length, success: true };
          } catch (e) {
            showError(e);
            return { data: [], total: 0, success: false };
          }
        }}
      />
    </PageContainer>
  );
}
