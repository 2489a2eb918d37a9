import { Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useSession } from '../auth/AuthContext';
import type { Permissions } from '../auth/permissions';

/** Route-level check so a typed-in URL shows a clear 403 instead of a table of errors. */
export function RequirePermission({ allow, children }: { allow: (p: Permissions) => boolean; children: ReactNode }) {
  const { permissions } = useSession();
  if (allow(permissions)) return <>{children}</>;
  return (
    <Result
      status="403"
      title="没有权限"
      subTitle="当前账号无权访问此页面"
      extra={
        <Link to="/welcome">
          <Button type="primary">返回概览</Button>
        </Link>
      }
    />
  );
}
