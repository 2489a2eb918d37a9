import { PlusOutlined } from '@ant-design/icons';
import { PageContainer, ProTable } from '@ant-design/pro-components';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import { formatCny, type TopupPlan } from '@member/shared';
import { Button, Space, Typography } from 'antd';
import { useRef } from 'react';
import { topupPlansApi } from '../../api/wallet';
import { useSession } from '../../auth/AuthContext';
import { showError } from '../../utils/feedback';
import dayjs from 'dayjs';
import { rowData } from '../../utils/labels';
import { bonusRatioText } from './plan-form';
import { PlanStatusActions } from './PlanStatusActions';
import { TopupPlanForm } from './TopupPlanForm';
import { PLAN_STATUS_ENUM } from './wallet-labels';

// Sale windows to the minute, in business time (the browser may sit in another zone).
const minute = (iso: string) => dayjs(iso).tz('Asia/Shanghai').format('YYYY-MM-DD HH:mm');

function SaleWindow({ plan }: { plan: TopupPlan }) {
  if (!plan.startsAt && !plan.endsAt) return <Typography.Text type="secondary">长期</Typography.Text>;
  return (
    <Space direction="vertical" size={0}>
      <span>{plan.startsAt ? minute(plan.startsAt) : '上架即开始'}</span>
      <Typography.Text type="secondary">至 {plan.endsAt ? minute(plan.endsAt) : '不设截止'}</Typography.Text>
    </Space>
  );
}

/** 充值方案: the 充X送Y plans members buy on the wallet page; writers create, edit and move them. */
export function TopupPlanListPage() {
  const { permissions } = useSession();
  const actionRef = useRef<ActionType>();
  const reload = () => void actionRef.current?.reload();

  const columns: ProColumns<TopupPlan>[] = [
    { title: '排序', dataIndex: 'sortOrder', width: 56, align: 'right' },
    { title: '名称', dataIndex: 'name', ellipsis: true, width: 170 },
    { title: '充值金额', dataIndex: 'payFen', align: 'right', width: 110, render: (_, p) => formatCny(p.payFen) },
    {
      title: '赠送金额',
      dataIndex: 'bonusFen',
      align: 'right',
      width: 100,
      render: (_, p) => (p.bonusFen ? formatCny(p.bonusFen) : '—'),
    },
    {
      title: '赠送比例',
      key: 'ratio',
      align: 'right',
      width: 84,
      render: (_, p) => bonusRatioText(p.payFen, p.bonusFen),
    },
    { title: '状态', dataIndex: 'status', valueEnum: PLAN_STATUS_ENUM, width: 90 },
    { title: '销售期', key: 'window', width: 150, render: (_, p) => <SaleWindow plan={p} /> },
    {
      title: '每人限购',
      dataIndex: 'perMemberLimit',
      align: 'right',
      width: 84,
      render: (_, p) => (p.perMemberLimit == null ? '不限' : `${p.perMemberLimit} 次`),
    },
    {
      title: '已售',
      dataIndex: 'paidCount',
      align: 'right',
      width: 80,
      render: (_, p) => `${p.paidCount.toLocaleString('en-US')} 笔`,
    },
    {
      title: '操作',
      key: 'actions',
      valueType: 'option',
      width: 150,
      hideInTable: !permissions.manageWallet,
      render: (_, p) => [
        p.status !== 'ENDED' && (
          <TopupPlanForm
            key="edit"
            plan={p}
            onSaved={reload}
            trigger={<Typography.Link data-testid="plan-edit">编辑</Typography.Link>}
          />
        ),
        <PlanStatusActions key="status" plan={p} onDone={reload} />,
      ],
    },
  ];

  return (
    <PageContainer
      title="充值方案"
      content="会员在充值页可选的“充值 ¥X 送 ¥Y”方案；赠送金额随充值到账，不可退款、不可提现。上架后在销售期内可购买。"
    >
      <ProTable<TopupPlan>
        rowKey="id"
        actionRef={actionRef}
        columns={columns}
        search={false}
        options={{ reload: true, density: false, setting: false }}
        pagination={false}
        onRow={(p) => rowData({ 'data-testid': 'plan-row', 'data-plan-id': String(p.id), 'data-status': p.status })}
        toolBarRender={() =>
          permissions.manageWallet
            ? [
                <TopupPlanForm
                  key="create"
                  onSaved={reload}
                  trigger={
                    <Button type="primary" icon={<PlusOutlined />} data-testid="plan-create">
                      新建方案
                    </Button>
                  }
                />,
              ]
            : []
        }
        request={async () => {
          try {
            const plans = await topupPlansApi.list();
            return { data: plans, total: plans.length, success: true };
          } catch (e) {
            showError(e);
            return { data: [], total: 0, success: false };
          }
        }}
      />
    </PageContainer>
  );
}
