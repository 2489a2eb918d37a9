import { PlusOutlined } from '@ant-design/icons';
import { PageContainer, ProTable } from '@ant-design/pro-components';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import type { Store } from '@member/shared';
import { Button, Popconfirm, Tag } from 'antd';
import { useRef } from 'react';
import { storesApi } from '../../api/admin';
import { useSession } from '../../auth/AuthContext';
import { showError, showSuccess } from '../../utils/feedback';
import { formatTime } from '../../utils/format';
import { StoreForm } from './StoreForm';

export function StoreListPage() {
  const { permissions } = useSession();
  const actionRef = useRef<ActionType>();
  const reload = () => actionRef.current?.reload();

  const toggleActive = async (store: Store) => {
    try {
      await storesApi.update(store.id, { active: !store.active });
      showSuccess(store.active ? '门店已停用' : '门店已启用');
      reload();
    } catch (e) {
      showError(e);
    }
  };

  const columns: ProColumns<Store>[] = [
    { title: '门店名称', dataIndex: 'name' },
    { title: '编码', dataIndex: 'code', copyable: true },
    { title: '地址', dataIndex: 'address', ellipsis: true, render: (_, r) => r.address || '—' },
    { title: '电话', dataIndex: 'phone', render: (_, r) => r.phone || '—' },
    { title: '店员数', dataIndex: 'staffCount', align: 'right', width: 90 },
    {
      title: '状态',
      dataIndex: 'active',
      width: 90,
      render: (_, r) => (r.active ? <Tag color="green">营业中</Tag> : <Tag>已停用</Tag>),
    },
    {
      title: '创建时间',
      dataIndex: 'createdAt',
      width: 170,
      render: (_, r) => formatTime(r.createdAt),
    },
    {
      title: '操作',
      key: 'actions',
      valueType: 'option',
      width: 140,
      hideInTable: !permissions.manageStores,
      render: (_, r) => [
        <StoreForm key="edit" store={r} trigger={<a>编辑</a>} onSaved={reload} />,
        <Popconfirm
          key="toggle"
          title={r.active ? `停用「${r.name}」？` : `启用「${r.name}」？`}
          onConfirm={() => toggleActive(r)}
        >
          <a style={r.active ? { color: '#ff4d4f' } : undefined}>{r.active ? '停用' : '启用'}</a>
        </Popconfirm>,
      ],
    },
  ];

  return (
    <PageContainer title="门店">
      <ProTable<Store>
        rowKey="id"
        actionRef={actionRef}
        columns={columns}
        search={false}
        options={{ reload: true, density: false, setting: false }}
        pagination={{ defaultPageSize: 20 }}
        toolBarRender={() =>
          permissions.manageStores
            ? [
                <StoreForm
                  key="create"
                  onSaved={reload}
                  trigger={
                    <Button type="primary" icon={<PlusOutlined />} data-testid="store-create">
                      新建门店
                    </Button>
                  }
                />,
              ]
            : []
        }
        request={async () => {
          try {
            const stores = await storesApi.list();
            return { data: stores, total: stores.length, success: true };
          } catch (e) {
            showError(e);
            return { data: [], total: 0, success: false };
          }
        }}
      />
    </PageContainer>
  );
}
