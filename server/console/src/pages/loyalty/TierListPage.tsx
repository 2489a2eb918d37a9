import { PlusOutlined } from '@ant-design/icons';
import { PageContainer, ProTable } from '@ant-design/pro-components';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import type { Tier, TierChange } from '@member/shared';
import { Button, Card, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { loyaltyApi } from '../../api/admin';
import { ruleChangesApi } from '../../api/points-admin';
import { useSession } from '../../auth/AuthContext';
import { showError } from '../../utils/feedback';
import { formatTime } from '../../utils/format';
import { ChangeList } from './ChangeConfirmModal';
import { PendingChanges } from './PendingChanges';
import { pctText } from './rules-text';
import { TierBadge } from './TierBadge';
import { TierForm } from './TierForm';

export function TierListPage() {
  const { permissions } = useSession();
  const actionRef = useRef<ActionType>();
  const [maxSort, setMaxSort] = useState(0);
  const [changes, setChanges] = useState<TierChange[]>([]);
  const loadChanges = useCallback(async () => {
    try {
      setChanges(await ruleChangesApi.tiers());
    } catch (e) {
      showError(e);
    }
  }, []);
  useEffect(() => {
    void loadChanges();
  }, [loadChanges]);
  const reload = () => {
    void actionRef.current?.reload();
    void loadChanges();
  };

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
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <PendingChanges<TierChange>
          items={changes.filter((c) => c.status === 'pending')}
          subjectOf={(c) => (c.action === 'create' ? `新建等级「${c.tierName}」` : `等级「${c.tierName}」`)}
          decide={(id, decision, note) => ruleChangesApi.decideTier(id, decision, { note })}
          onDecided={reload}
        />
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
        <Card title="变更记录" size="small">
          <Table<TierChange>
            rowKey="id"
            size="small"
            dataSource={changes.filter((c) => c.status !== 'pending')}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            columns={[
              { title: '时间', dataIndex: 'requestedAt', width: 170, render: (t: string) => formatTime(t) },
              {
                title: '等级',
                key: 'tier',
                width: 150,
                render: (_, c) => `${c.action === 'create' ? '新建 ' : ''}${c.tierName}`,
              },
              { title: '变更内容', key: 'changes', render: (_, c) => <ChangeList changes={c.changes} /> },
              { title: '变更说明', dataIndex: 'note', width: 200 },
              {
                title: '提交 / 审批',
                key: 'by',
                width: 170,
                render: (_, c) => (
                  <Space direction="vertical" size={0}>
                    {c.requestedBy.name}
                    {c.decidedBy && (
                      <Typography.Text type="secondary">
                        {c.status === 'rejected' ? '驳回' : '审批'}：{c.decidedBy.name}
                        {c.decisionNote ? `（${c.decisionNote}）` : ''}
                      </Typography.Text>
                    )}
                  </Space>
                ),
              },
              {
                title: '状态',
                dataIndex: 'status',
                width: 80,
                render: (s: TierChange['status']) =>
                  s === 'applied' ? <Tag color="green">已生效</Tag> : <Tag>已驳回</Tag>,
              },
            ]}
          />
        </Card>
      </Space>
    </PageContainer>
  );
}
