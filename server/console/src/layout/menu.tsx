import {
  AuditOutlined,
  BellOutlined,
  FallOutlined,
  FileDoneOutlined,
  CrownOutlined,
  DashboardOutlined,
  GiftOutlined,
  SafetyCertificateOutlined,
  ShopOutlined,
  TeamOutlined,
  UnorderedListOutlined,
  UserDeleteOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Permissions } from '../auth/permissions';

export interface MenuEntry {
  path: string;
  name: string;
  icon: ReactNode;
  visible: (p: Permissions) => boolean;
}

const always = () => true;

export const MENU: MenuEntry[] = [
  { path: '/welcome', name: '概览', icon: <DashboardOutlined />, visible: always },
  { path: '/members', name: '会员', icon: <UserOutlined />, visible: (p) => p.viewMemberRows },
  { path: '/stores', name: '门店', icon: <ShopOutlined />, visible: (p) => p.viewStores },
  { path: '/points-rules', name: '积分规则', icon: <GiftOutlined />, visible: (p) => p.viewLoyalty },
  { path: '/tiers', name: '会员等级', icon: <CrownOutlined />, visible: (p) => p.viewLoyalty },
  {
    path: '/points-adjustments',
    name: '积分调整审批',
    icon: <FileDoneOutlined />,
    visible: (p) => p.viewLoyalty && p.viewMemberRows,
  },
  {
    path: '/tier-reviews',
    name: '等级复评',
    icon: <FallOutlined />,
    visible: (p) => p.viewLoyalty && p.viewMemberRows,
  },
  {
    path: '/expiry-reminders',
    name: '积分到期提醒',
    icon: <BellOutlined />,
    visible: (p) => p.viewLoyalty && p.viewMemberRows,
  },
  { path: '/staff', name: '店员', icon: <TeamOutlined />, visible: (p) => p.viewMemberRows },
  { path: '/deletion-requests', name: '注销申请', icon: <UserDeleteOutlined />, visible: (p) => p.viewPrivacy },
  { path: '/audit', name: '审计日志', icon: <AuditOutlined />, visible: (p) => p.viewMemberRows },
  { path: '/outbox', name: '任务队列', icon: <UnorderedListOutlined />, visible: (p) => p.viewOutbox },
  {
    path: '/operators',
    name: '运营账号',
    icon: <SafetyCertificateOutlined />,
    visible: (p) => p.manageOperators,
  },
];

export function visibleMenu(permissions: Permissions): MenuEntry[] {
  return MENU.filter((entry) => entry.visible(permissions));
}
