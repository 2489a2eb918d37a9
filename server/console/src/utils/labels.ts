import type { HTMLAttributes } from 'react';
import { ActorType, AUDIT_ACTION_LABELS, OPERATOR_ROLE_LABELS, STAFF_ROLE_LABELS } from '@member/shared';
import type { ExpiryReminderStatus } from '@member/shared';

// Shared has no zh-CN labels for actor types; they are console-only wording.
export const ACTOR_TYPE_LABELS: Record<ActorType, string> = {
  [ActorType.Member]: '会员',
  [ActorType.Staff]: '店员',
  [ActorType.Operator]: '运营',
  [ActorType.System]: '系统',
};

export const TARGET_TYPE_LABELS: Record<string, string> = {
  member: '会员',
  store: '门店',
  staff: '店员',
  staff_invite: '邀请码',
  operator: '运营账号',
  points_adjustment: '积分调整',
  outbox: '任务队列',
  topup_plan: '充值方案',
  topup_order: '充值订单',
  pay_anomaly: '支付异常',
  recon_run: '储值对账',
  wallet_liability: '储值负债报表',
  mall_category: '商城分类',
  mall_goods: '商城商品',
  mall_order: '兑换订单',
  event: '活动',
  media_asset: '图片',
};

export function auditActionLabel(action: string): string {
  return (AUDIT_ACTION_LABELS as Record<string, string>)[action] ?? action;
}

/** actorRole is free text on the wire: an operator role, a staff role, or null. */
export function actorRoleLabel(role: string | null): string | null {
  if (!role) return null;
  const labels: Record<string, string> = { ...STAFF_ROLE_LABELS, ...OPERATOR_ROLE_LABELS };
  return labels[role] ?? role;
}

/** ProTable valueEnum built from a label map. */
export function toValueEnum(labels: Record<string, string>): Record<string, { text: string }> {
  return Object.fromEntries(Object.entries(labels).map(([k, text]) => [k, { text }]));
}

// Console-only wording for the expiry-reminder plan (shared has no labels for it).
export const EXPIRY_REMINDER_STATUS_LABELS: Record<ExpiryReminderStatus, string> = {
  planned: '待发送',
  sent: '已发送',
  skipped: '已跳过',
};

/** Status filter tabs in the order of `labels`, then 全部. */
export function statusTabs<S extends string>(labels: Record<S, string>): { key: S | 'all'; label: string }[] {
  const tabs: { key: S | 'all'; label: string }[] = (Object.entries(labels) as [S, string][]).map(([key, label]) => ({
    key,
    label,
  }));
  return [...tabs, { key: 'all', label: '全部' }];
}

/** data-* attributes for a table row (tests find rows by them); antd's onRow type has no room for them. */
export function rowData(attrs: Record<string, string>): HTMLAttributes<HTMLElement> {
  return attrs as HTMLAttributes<HTMLElement>;
}
