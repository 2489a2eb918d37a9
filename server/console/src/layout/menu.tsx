import {
  AuditOutlined,
  BellOutlined,
  CalendarOutlined,
  MessageOutlined,
  SmileOutlined,
  FallOutlined,
  FileDoneOutlined,
  CrownOutlined,
  DashboardOutlined,
  GiftOutlined,
  ShoppingOutlined,
  TagsOutlined,
  SafetyCertificateOutlined,
  ShopOutlined,
  TeamOutlined,
  UnorderedListOutlined,
  UserDeleteOutlined,
  UserOutlined,
  WalletOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Permissions } from '../auth/permissions';

export interface MenuEntry {
  path: string;
  name: string;
  icon?: ReactNode;
  visible: (p: Permissions) => boolean;
  /** A group: ProLayout shows it as a sub-menu. */
  children?: MenuEntry[];
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
  {
    path: '/coupons',
    name: '优惠券',
    icon: <TagsOutlined />,
    visible: (p) => p.viewCoupons,
    children: [
      { path: '/coupons/templates', name: '券模板', visible: (p) => p.viewCoupons },
      { path: '/coupons/issues', name: '发券记录', visible: (p) => p.viewCoupons },
      { path: '/coupons/uses', name: '核销记录', visible: (p) => p.viewCoupons },
      { path: '/coupons/batches', name: '批量发券', visible: (p) => p.viewCouponFigures },
    ],
  },
  {
    path: '/wallet',
    name: '储值',
    icon: <WalletOutlined />,
    visible: (p) => p.viewWallet,
    children: [
      { path: '/wallet/plans', name: '充值方案', visible: (p) => p.viewWallet },
      { path: '/wallet/topups', name: '充值订单', visible: (p) => p.viewWallet },
      { path: '/wallet/refunds', name: '退款记录', visible: (p) => p.viewWallet },
      { path: '/wallet/anomalies', name: '支付异常', visible: (p) => p.viewWallet },
      { path: '/wallet/reconciliations', name: '对账', visible: (p) => p.viewWallet },
      { path: '/wallet/liability', name: '储值负债', visible: (p) => p.viewWallet },
    ],
  },
  {
    path: '/mall',
    name: '积分商城',
    icon: <ShoppingOutlined />,
    visible: (p) => p.viewMall,
    children: [
      { path: '/mall/goods', name: '商品管理', visible: (p) => p.viewMall },
      { path: '/mall/categories', name: '商品分类', visible: (p) => p.viewMall },
      { path: '/mall/orders', name: '兑换订单', visible: (p) => p.viewMall },
      { path: '/mall/dashboard', name: '兑换看板', visible: (p) => p.viewMallFigures },
    ],
  },
  {
    path: '/events',
    name: '会员活动',
    icon: <CalendarOutlined />,
    visible: (p) => p.viewEvents,
    children: [{ path: '/events/list', name: '活动列表', visible: (p) => p.viewEvents }],
  },
  {
    path: '/surveys',
    name: '评价与调查',
    icon: <SmileOutlined />,
    visible: (p) => p.viewEvents,
    children: [
      { path: '/surveys/stores', name: '门店评价', visible: (p) => p.viewEvents },
      { path: '/surveys/tasks', name: '回访工单', visible: (p) => p.viewEvents && p.viewMemberRows },
      { path: '/surveys/nps', name: '满意度调查', visible: (p) => p.viewEvents },
    ],
  },
  {
    path: '/notices',
    name: '关怀提醒',
    icon: <MessageOutlined />,
    visible: (p) => p.viewNotices,
    children: [
      { path: '/notices/kinds', name: '提醒类型', visible: (p) => p.viewNotices },
      { path: '/notices/log', name: '发送记录', visible: (p) => p.viewNotices },
      { path: '/notices/dashboard', name: '数据看板', visible: (p) => p.viewNotices },
    ],
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

export function visibleMenu(permissions: Permissions, entries: MenuEntry[] = MENU): MenuEntry[] {
  return entries
    .filter((entry) => entry.visible(permissions))
    .map((entry) => (entry.children ? { ...entry, children: visibleMenu(permissions, entry.children) } : entry));
}
