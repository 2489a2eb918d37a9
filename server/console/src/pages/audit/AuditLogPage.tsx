import { PageContainer } from '@ant-design/pro-components';
import { AuditTable } from './AuditTable';

export function AuditLogPage() {
  return (
    <PageContainer title="审计日志" content="所有特权操作的记录：谁、在哪个门店、做了什么、修改前后与原因。">
      <AuditTable />
    </PageContainer>
  );
}
