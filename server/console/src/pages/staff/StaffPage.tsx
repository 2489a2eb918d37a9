import { PageContainer } from '@ant-design/pro-components';
import { Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useSession } from '../../auth/AuthContext';
import { storeOptions, useStores } from '../../components/useStores';
import { InviteTable } from './InviteTable';
import { StaffTable } from './StaffTable';

export function StaffPage() {
  const { permissions } = useSession();
  const { stores } = useStores();
  const [tab, setTab] = useState('staff');
  const [pickedStoreId, setPickedStoreId] = useState<number | undefined>();
  // Store managers are pinned to their own store; everyone else may filter or see all.
  const storeId = permissions.fixedStoreId ?? pickedStoreId;

  const storePicker = permissions.viewStores ? (
    <Space>
      <Typography.Text type="secondary">门店</Typography.Text>
      <Select
        data-testid="staff-store-filter"
        style={{ width: 260 }}
        allowClear
        showSearch
        optionFilterProp="label"
        placeholder="全部门店"
        value={pickedStoreId}
        onChange={setPickedStoreId}
        options={storeOptions(stores)}
      />
    </Space>
  ) : null;

  return (
    <PageContainer
      title="店员"
      extra={storePicker}
      tabActiveKey={tab}
      onTabChange={setTab}
      tabList={[
        { key: 'staff', tab: '店员列表' },
        { key: 'invites', tab: '邀请码' },
      ]}
    >
      {tab === 'staff' ? <StaffTable storeId={storeId} /> : <InviteTable storeId={storeId} stores={stores} />}
    </PageContainer>
  );
}
