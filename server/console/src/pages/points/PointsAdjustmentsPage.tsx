import { PageContainer } from '@ant-design/pro-components';
import { AdjustmentTable } from './AdjustmentTable';

/** 积分调整审批: adjustments above the approval threshold wait here for a second operator. */
export function PointsAdjustmentsPage() {
  return (
    <PageContainer
      title="积分调整审批"
      content="超过审批阈值的手动积分调整需另一位运营审批后才会生效；申请人不能审批自己的申请。驳回后申请人的当日额度会退回。"
    >
      <AdjustmentTable />
    </PageContainer>
  );
}
