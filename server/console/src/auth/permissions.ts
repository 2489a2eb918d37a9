import { OperatorRole } from '@member/shared';
import type { OperatorProfile } from '@member/shared';

// What the UI shows per role. The server enforces the same rules; hiding buttons only spares
// operators from actions that would answer 403.
export interface Permissions {
  viewStores: boolean;
  manageStores: boolean;
  /** Points rules and member tiers: analysts read, writers change. */
  viewLoyalty: boolean;
  manageLoyalty: boolean;
  /** Points adjustments (request and approve), manual tier changes, running the tier re-evaluation. */
  managePoints: boolean;
  editMembers: boolean;
  manageStaff: boolean;
  manageOperators: boolean;
  /** 任务队列 (outbox): analysts read, writers retry; store managers do not see it. */
  viewOutbox: boolean;
  manageOutbox: boolean;
  /** 注销申请 and members' consents: member-level personal data across the brand (admins and operators). */
  viewPrivacy: boolean;
  managePrivacy: boolean;
  /** 优惠券 (templates, records, batches, dashboards): every role reads; writers create, edit, issue and void. */
  viewCoupons: boolean;
  manageCoupons: boolean;
  /** A template's figures (dashboard) and batch issues: brand-wide numbers, not for store managers. */
  viewCouponFigures: boolean;
  /** 储值 (plans, top-ups, payment anomalies): brand-level, so not for store managers; analysts read. */
  viewWallet: boolean;
  manageWallet: boolean;
  /** 积分商城 (goods, categories, orders): every role reads; writers create, edit, put on sale, adjust stock. */
  viewMall: boolean;
  manageMall: boolean;
  /** 兑换看板: brand-wide figures, not for store managers. */
  viewMallFigures: boolean;
  /** 会员活动: every role reads (store managers their store's events, analysts sign-up totals only); writers
   * create, edit, publish, close and cancel. */
  viewEvents: boolean;
  manageEvents: boolean;
  /** 关怀提醒: every role reads (store managers their members' 发送记录, analysts totals only); writers set
   * templates, pause kinds, choose their test recipient and test-send. */
  viewNotices: boolean;
  manageNotices: boolean;
  /** Set for store managers: every staff/invite view is fixed to this store. */
  fixedStoreId: number | null;
  /**
   * Member-level rows (members, adjustments, reviews, reminders, staff, audit): not for analysts, who read
   * aggregates only (the server answers them list totals without rows; role table in access-policy.ts).
   */
  viewMemberRows: boolean;
}

export function permissionsFor(operator: OperatorProfile): Permissions {
  const role = operator.role;
  const writer = role === OperatorRole.Admin || role === OperatorRole.Operator;
  const storeManager = role === OperatorRole.StoreManager;
  return {
    viewStores: !storeManager,
    manageStores: writer,
    viewLoyalty: !storeManager,
    manageLoyalty: writer,
    managePoints: writer,
    editMembers: writer,
    manageStaff: writer || storeManager,
    manageOperators: role === OperatorRole.Admin,
    viewOutbox: !storeManager,
    manageOutbox: writer,
    viewPrivacy: writer,
    managePrivacy: writer,
    viewCoupons: true,
    manageCoupons: writer,
    viewCouponFigures: !storeManager,
    viewWallet: !storeManager,
    manageWallet: writer,
    viewMall: true,
    manageMall: writer,
    viewMallFigures: !storeManager,
    viewEvents: true,
    manageEvents: writer,
    viewNotices: true,
    manageNotices: writer,
    fixedStoreId: storeManager ? operator.storeId : null,
    viewMemberRows: role !== OperatorRole.Analyst,
  };
}
