import { PageContainer } from '@ant-design/pro-components';
import { BatchTable } from './BatchTable';

/** 批量发券: send a coupon to listed members, a tier or everyone, with each batch's progress. */
export function CouponBatchesPage() {
  return (
    <PageContainer
      title="批量发券"
      content="把发放中的券发给指定会员、某个等级或全部会员。发放在后台分批进行，重试不会重复发放。"
    >
      <BatchTable />
    </PageContainer>
  );
}
