import { PageContainer } from '@ant-design/pro-components';
import { CouponUseTable } from './CouponUseTable';

/** 核销记录: uses in sales and stand-alone voucher redemptions, by store, staff, template and day. */
export function CouponUsesPage() {
  return (
    <PageContainer
      title="核销记录"
      content="收银时随单使用的券和单独核销的兑换券；单独核销的兑换券可在规定时间内撤销（随单使用的券只能通过退款退回）。"
    >
      <CouponUseTable />
    </PageContainer>
  );
}
