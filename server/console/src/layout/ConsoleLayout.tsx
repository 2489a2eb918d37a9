import { KeyOutlined, LogoutOutlined, PoweroffOutlined, UserOutlined } from '@ant-design/icons';
import { ProLayout } from '@ant-design/pro-components';
import { OPERATOR_ROLE_LABELS } from '@member/shared';
import { App, Dropdown, Spin } from 'antd';
import { useState } from 'react';
import { Link, Navigate, Outlet, useLocation } from 'react-router-dom';
import { useAuth } from '../auth/AuthContext';
import { ForcedPasswordChangePage } from '../pages/operators/ForcedPasswordChangePage';
import { showError } from '../utils/feedback';
import { ChangePasswordModal } from './ChangePasswordModal';
import { LOGO_DATA_URL } from './logo';
import { visibleMenu, type MenuEntry } from './menu';
import { useSiderCollapse } from './use-sider-collapse';

type MenuRoute = { path: string; name: string; icon?: MenuEntry['icon']; routes?: MenuRoute[] };
const toRoute = ({ path, name, icon, children }: MenuEntry): MenuRoute => ({
  path,
  name,
  icon,
  ...(children ? { routes: children.map(toRoute) } : {}),
});

export function ConsoleLayout() {
  const location = useLocation();
  const { modal } = App.useApp();
  const { operator, permissions, restoring, logout, logoutEverywhere } = useAuth();
  const [changingPassword, setChangingPassword] = useState(false);
  const sider = useSiderCollapse();

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
  // After an admin's reset nothing else is usable until a new password is set.
  if (operator.mustChangePassword) return <ForcedPasswordChangePage />;

  const routes = visibleMenu(permissions).map(toRoute);

  const confirmLogoutEverywhere = () =>
    modal.confirm({
      title: '退出所有设备？',
      content: '您在所有浏览器上的登录都会立即失效（包括当前这台），需要重新登录。怀疑密码泄露时请同时修改密码。',
      okText: '退出所有设备',
      okButtonProps: { danger: true },
      cancelText: '取消',
      autoFocusButton: 'cancel',
      onOk: () => logoutEverywhere().catch(showError),
    });

  return (
    <>
      <ProLayout
        title="会员运营后台"
        logo={LOGO_DATA_URL}
        layout="mix"
        fixSiderbar
        // No automatic collapse on a width breakpoint, and the collapsed state is ours (useSiderCollapse): a
        // full-page capture of a long page made the menu collapse itself and stay so.
        breakpoint={false}
        collapsed={sider.collapsed}
        onCollapse={sider.onCollapse}
        collapsedButtonRender={sider.collapsedButtonRender}
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
                items: [
                  { key: 'password', icon: <KeyOutlined />, label: '修改密码' },
                  { type: 'divider' },
                  { key: 'logout', icon: <LogoutOutlined />, label: '退出登录' },
                  { key: 'logout-all', icon: <PoweroffOutlined />, label: '退出所有设备', danger: true },
                ],
                onClick: ({ key }) => {
                  if (key === 'password') setChangingPassword(true);
                  if (key === 'logout') void logout();
                  if (key === 'logout-all') confirmLogoutEverywhere();
                },
              }}
            >
              <span data-testid="operator-menu">{dom}</span>
            </Dropdown>
          ),
        }}
      >
        <Outlet />
      </ProLayout>
      <ChangePasswordModal open={changingPassword} onOpenChange={setChangingPassword} />
    </>
  );
}
