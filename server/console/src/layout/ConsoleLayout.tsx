import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { ProLayout } from '@ant-design/pro-components';
import { OPERATOR_ROLE_LABELS } from '@member/shared';
import { Dropdown, Spin } from 'antd';
import { Link, Navigate, Outlet, useLocation } from 'react-router-dom';
import { useAuth } from '../auth/AuthContext';
import { LOGO_DATA_URL } from './logo';
import { visibleMenu } from './menu';

export function ConsoleLayout() {
  const location = useLocation();
  const { operator, permissions, restoring, logout } = useAuth();

  if (restoring) {
    return (
      <div style={{ display: 'flex', height: '100vh', alignItems: 'center', justifyContent: 'center' }}>
        <Spin size="large" />
      </div>
    );
  }
  if (!operator || !permissions) {
    return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  }

  const routes = visibleMenu(permissions).map(({ path, name, icon }) => ({ path, name, icon }));

  return (
    <ProLayout
      title="会员运营后台"
      logo={LOGO_DATA_URL}
      layout="mix"
      fixSiderbar
      route={{ path: '/', routes }}
      location={{ pathname: location.pathname }}
      menuItemRender={(item, dom) => (item.path ? <Link to={item.path}>{dom}</Link> : dom)}
      onMenuHeaderClick={() => undefined}
      avatarProps={{
        icon: <UserOutlined />,
        size: 'small',
        title: `${operator.displayName}（${OPERATOR_ROLE_LABELS[operator.role]}）`,
        render: (_props, dom) => (
          <Dropdown
            menu={{
              items: [{ key: 'logout', icon: <LogoutOutlined />, label: '退出登录' }],
              onClick: ({ key }) => key === 'logout' && logout(),
            }}
          >
            <span data-testid="operator-menu">{dom}</span>
          </Dropdown>
        ),
      }}
    >
      <Outlet />
    </ProLayout>
  );
}
