import { PageContainer, ProTable } from '@ant-design/pro-components';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import { OPERATOR_ROLE_LABELS, OperatorRole } from '@member/shared';
import type { OperatorProfile } from '@member/shared';
import { Tag } from 'antd';
import { useRef } from 'react';
import { operatorsApi } from '../../api/admin';
import { useStores } from '../../components/useStores';
import { showError } from '../../utils/feedback';
import { CreateOperatorForm } from './CreateOperatorForm';

const ROLE_COLORS: Record<OperatorRole, string> = {
  [OperatorRole.Admin]: 'red',
  [OperatorRole.Operator]: 'blue',
  [OperatorRole.Analyst]: 'purple',
  [OperatorRole.StoreManager]: 'gold',
};

export function OperatorListPage() {
  const actionRef = useRef<ActionType>();
  const { stores } = useStores();
  const storeName = (id: number | null) => (id === null ? '—' : (stores.find((s) => s.id === id)?.name ?? `#${id}`));

  const columns: ProColumns<OperatorProfile>[] = [
    { title: '用户名', dataIndex: 'username' },
    { title: '显示名称', dataIndex: 'displayName' },
    {
      title: '角色',
      dataIndex: 'role',
      render: (_, r) => <Tag color={ROLE_COLORS[r.role]}>{OPERATOR_ROLE_LABELS[r.role] ?? r.role}</Tag>,
    },
    { title: '所属门店', dataIndex: 'storeId', render: (_, r) => storeName(r.storeId) },
  ];

  return (
    <PageContainer title="运营账号">
      <ProTable<OperatorProfile>
        rowKey="id"
        actionRef={actionRef}
        columns={columns}
        search={false}
        options={{ reload: true, density: false, setting: false }}
        pagination={{ defaultPageSize: 20 }}
        toolBarRender={() => [
          <CreateOperatorForm key="create" stores={stores} onCreated={() => actionRef.current?.reload()} />,
        ]}
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
