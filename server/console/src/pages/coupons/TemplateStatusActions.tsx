import type { CouponTemplate, CouponTemplateStatus } from '@member/shared';
import { App, Space, Typography } from 'antd';
import { couponTemplatesApi } from '../../api/coupons';
import { showError, showSuccess } from '../../utils/feedback';
import { TEMPLATE_MOVES } from './coupon-labels';

const IMPACT: Record<CouponTemplateStatus, (t: CouponTemplate) => string> = {
  ACTIVE: (t) =>
    t.trigger === 'CLAIM'
      ? '启用后会员即可在领券中心领取（在领取时间内）。'
      : t.trigger === 'MANUAL'
        ? '启用后可通过批量发券发放。'
        : '启用后将按发放方式自动发给符合条件的会员。',
  PAUSED: () => '暂停后不再发放和领取；会员手中已有的券照常可用。可随时重新启用。',
  ENDED: (t) =>
    `结束后不能再启用或修改，也不再发放；已发出的 ${t.issued.toLocaleString('en-US')} 张券在有效期内照常可用。`,
  DRAFT: () => '',
};

/** 启用 / 暂停 / 结束 links for one template, each behind a confirmation naming its effect. */
export function TemplateStatusActions({ template, onDone }: { template: CouponTemplate; onDone: () => void }) {
  const { modal } = App.useApp();
  const confirm = (to: CouponTemplateStatus, label: string) =>
    modal.confirm({
      title: `${label}「${template.name}」？`,
      content: IMPACT[to](template),
      okText: label,
      okButtonProps: { danger: to === 'ENDED', 'data-testid': 'template-status-confirm' },
      cancelText: '取消',
      autoFocusButton: 'cancel',
      onOk: async () => {
        try {
          await couponTemplatesApi.setStatus(template.id, to);
          showSuccess(`已${label}`);
          onDone();
        } catch (e) {
          showError(e);
          onDone();
        }
      },
    });
  return (
    <Space size={12}>
      {TEMPLATE_MOVES[template.status].map(({ to, label }) => (
        <Typography.Link
          key={to}
          type={to === 'ENDED' ? 'danger' : undefined}
          data-testid={`template-${to.toLowerCase()}`}
          onClick={() => confirm(to, label)}
        >
          {label}
        </Typography.Link>
      ))}
    </Space>
  );
}
