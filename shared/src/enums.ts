export enum Gender {
  Unknown = 'unknown',
  Male = 'male',
  Female = 'female',
}

/** Roles of store staff (members bound to a store through an invite). */
export enum StaffRole {
  Clerk = 'clerk',
  Manager = 'manager',
}

/** Roles of console operators. */
export enum OperatorRole {
  Admin = 'admin',
  Operator = 'operator',
  Analyst = 'analyst',
  StoreManager = 'store_manager',
}

export enum ActorType {
  Member = 'member',
  Staff = 'staff',
  Operator = 'operator',
  System = 'system',
}

export const STAFF_ROLE_LABELS: Record<StaffRole, string> = {
  [StaffRole.Clerk]: '店员',
  [StaffRole.Manager]: '店长',
};

export const OPERATOR_ROLE_LABELS: Record<OperatorRole, string> = {
  [OperatorRole.Admin]: '管理员',
  [OperatorRole.Operator]: '运营',
  [OperatorRole.Analyst]: '分析师',
  [OperatorRole.StoreManager]: '门店经理',
};

export const GENDER_LABELS: Record<Gender, string> = {
  [Gender.Unknown]: '未设置',
  [Gender.Male]: '男',
  [Gender.Female]: '女',
};

/** Lifetime of a rotating member code shown on the card. */
export const MEMBER_CODE_TTL_SECONDS = 60;

/** How long a checkout opened by a scan stays usable by its clerk for quote and purchase. */
export const CHECKOUT_TTL_SECONDS = 600;
