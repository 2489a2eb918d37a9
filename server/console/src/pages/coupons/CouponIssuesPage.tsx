import { PageContainer } from '@ant-design/pro-components';
import { CouponIssueTable } from './CouponIssueTable';

/** 发券记录: every coupon issued, by template, status, source and member. */
export function CouponIssuesPage() {
  return (
    <PageContainer title="发券记录" content="会员领取、系统赠送和批量发放的每一张券。">
      <CouponIssueTable />
    </PageContainer>
  );
}
