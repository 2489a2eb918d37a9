import type { TopupPlan, TopupPlanStatus } from '@member/shared';
import { App, Space, Typography } from 'antd';
import { topupPlansApi } from '../../api/wallet';
import { showError, showSuccess } from '../../utils/feedback';
import { PLAN_MOVES } from './wallet-labels';

const IMPACT: Record<TopupPlanStatus, (p: TopupPlan) => string> = {
  ACTIVE: () => '上架后会员可在充值页购买此方案（在销售期内）。',
  PAUSED: () => '暂停后充值页不再显示此方案；已支付的订单不受影响。可随时重新上架。',
  ENDED: (p) =>
    `结束后不能再上架或修改；已售出的 ${p.paidCount.toLocaleString('en-US')} 笔充值照常有效，会员余额不受影响。`,
  DRAFT: () => '',
};

/** 上架 / 暂停 / 结束 links for one plan, each behind a confirmation naming its effect. */
export function PlanStatusActions({ plan, onDone }: { plan: TopupPlan; onDone: () => void }) {
  const { modal } = App.useApp();
  const confirm = (to: TopupPlanStatus, label: string) =>
    modal.confirm({
      title: `${label}「${plan.name}」？`,
      content: IMPACT[to](plan),
      okText: label,
      okButtonProps: { danger: to === 'ENDED', 'data-testid': 'plan-status-confirm' },
      cancelText: '取消',
      autoFocusButton: 'cancel',
      onOk: async () => {
        try {
          await topupPlansApi.setStatus(plan.id, to);
          showSuccess(`已${label}`);
        } catch (e) {
          showError(e);
        }
        onDone();
      },
    });
  return (
    <Space size={12}>
      {PLAN_MOVES[plan.status].map(({ to, label }) => (
        <Typography.Link
          key={to}
          type={to === 'ENDED' ? 'danger' : undefined}
          data-testid={`plan-${to.toLowerCase()}`}
          onClick={() => confirm(to, label)}
        >
          {label}
        </Typography.Link>
      ))}
    </Space>
  );
}
