// Audit action names and their zh-CN labels for the console.
export enum AuditAction {
  MemberLookup = 'staff.member_lookup',
  StaffInviteRedeemed = 'staff.invite_redeemed',
  StoreCreated = 'store.created',
  StoreUpdated = 'store.updated',
  StaffInviteCreated = 'staff_invite.created',
  StaffUpdated = 'staff.updated',
  MemberUpdatedByOperator = 'member.updated_by_operator',
  MemberPhoneBound = 'member.phone_bound',
  OperatorCreated = 'operator.created',
  OperatorLogin = 'operator.login',
  PointsRulesPublished = 'points_rules.published',
  TierCreated = 'tier.created',
  TierUpdated = 'tier.updated',
}

export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  [AuditAction.MemberLookup]: '店员查询会员',
  [AuditAction.StaffInviteRedeemed]: '店员绑定邀请码',
  [AuditAction.StoreCreated]: '新建门店',
  [AuditAction.StoreUpdated]: '修改门店',
  [AuditAction.StaffInviteCreated]: '生成店员邀请码',
  [AuditAction.StaffUpdated]: '修改店员',
  [AuditAction.MemberUpdatedByOperator]: '运营修改会员资料',
  [AuditAction.MemberPhoneBound]: '会员绑定手机号',
  [AuditAction.OperatorCreated]: '新建运营账号',
  [AuditAction.OperatorLogin]: '运营登录',
  [AuditAction.PointsRulesPublished]: '发布积分规则',
  [AuditAction.TierCreated]: '新建会员等级',
  [AuditAction.TierUpdated]: '修改会员等级',
};
