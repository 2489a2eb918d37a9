import { PlusOutlined } from '@ant-design/icons';
import { PageContainer, ProTable } from '@ant-design/pro-components';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import type { Tier } from '@member/shared';
import { Button, Tag } from 'antd';
import { useRef, useState } from 'react';
import { loyaltyApi } from '../../api/admin';
import { useSession } from '../../auth/AuthContext';
import { showError } from '../../utils/feedback';
import { pctText } from './rules-text';
import { TierBadge } from './TierBadge';
import { TierForm } from './TierForm';

export function TierListPage() {
  const { permissions } = useSession();
  const actionRef = useRef<ActionType>();
  const [maxSort, setMaxSort] = useState(0);
  const reload = () => actionRef.current?.reload();

  const columns: ProColumns<Tier>[] = [
    { title: '等级', dataIndex: 'name', render: (_, r) => <TierBadge name={r.name} color={r.badgeColor} /> },
    { title: '编码', dataIndex: 'code', width: 110 },
    { title: '升级门槛', dataIndex: 'growthThreshold', align: 'right', render: (_, r) => `¥${r.growthThreshold}` },
    {
      title: '保级门槛',
      dataIndex: 'retentionThreshold',
      align: 'right',
      render: (_, r) => `¥${r.retentionThreshold}`,
    },
    {
      title: '积分倍率',
      dataIndex: 'pointsMultiplierPct',
      align: 'right',
      render: (_, r) => pctText(r.pointsMultiplierPct),
    },
    { title: '折扣', dataIndex: 'discountText', render: (_, r) => r.discountText || '—' },
    { title: '生日礼', dataIndex: 'birthdayGift', width: 80, render: (_, r) => (r.birthdayGift ? '有' : '—') },
    { title: '排序', dataIndex: 'sortOrder', width: 70, align: 'right' },
    {
      title: '状态',
      dataIndex: 'active',
      width: 80,
      render: (_, r) => (r.active ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>),
    },
    {
      title: '操作',
      key: 'actions',
      valueType: 'option',
      width: 80,
      hideInTable: !permissions.manageLoyalty,
      render: (_, r) => [<TierForm key="edit" tier={r} trigger={<a>编辑</a>} onSaved={reload} />],
    },
  ];

  return (
    <PageContainer title="会员等级" subTitle="门槛按累计实付金额（元）计算">
      <ProTable<Tier>
        rowKey="id"
        actionRef={actionRef}
        columns={columns}
        search={false}
        options={{ reload: true, density: false, setting: false }}
        pagination={false}
        toolBarRender={() =>
          permissions.manageLoyalty
            ? [
                <TierForm
                  key="create"
                  nextSortOrder={maxSort + 10}
                  onSaved={reload}
                  trigger={
                    <Button type="primary" icon={<PlusOutlined />} data-testid="tier-create">
                      新建等级
                    </Button>
                  }
                />,
              ]
            : []
        }
        request={async () => {
          try {
            const tiers = await loyaltyApi.tiers();
            setMaxSort(tiers.reduce((m, t) => Math.max(m, t.sortOrder), 0));
            return { data: tiers, total: tiers.length, success: true };
          } catch (e) {
            showError(e);
            return { data: [], total: 0, success: false };
          }
        }}
      />
    </PageContainer>
  );
}
