import { OperatorRole } from '@member/shared';

/*
 * Who may do what in the console: the one role table. Guards (@Roles) and the services' scoping
 * (MemberScope, assertStoreScope) apply it; the console's permissions.ts hides what would answer 403.
 *
 * | area                                        | admin | operator | analyst      | store_manager              |
 * |---------------------------------------------|-------|----------|--------------|----------------------------|
 * | member list                                 | rows  | rows     | total only ² | members their store served¹|
 * | member detail, points history, tier         | all   | all      | —            | members their store served¹|
 * | lists of points adjustments, expiry         | rows  | rows     | total only ² | rows of those members      |
 * |   reminders, tier reviews                   |       |          |              |                            |
 * | audit log                                   | all   | all      | —            | rows of their store        |
 * | staff, staff invites                        | all   | all      | —            | their store (and manage it)|
 * | stores (with staff counts), tiers, points   | read  | read     | read         | read                       |
 * |   rules, own adjustment quota               |       |          |              |                            |
 * | coupon issue records (发券记录, CSV)        | rows  | rows     | total only ² | members their store served¹|
 * | coupon use records (用券记录, CSV)          | rows  | rows     | total only ² | uses at their store        |
 * | coupon template stats, batch issues (read)  | read  | read     | read         | —                          |
 * | 任务队列 (outbox: counts, kinds, errors)     | all   | all      | read         | —                          |
 * | 积分商城 goods and categories               | all   | all      | read         | read                       |
 * | 兑换订单 (mall orders, CSV)                 | rows  | rows     | total only ² | orders picked up at their store |
 * | 兑换看板 (mall dashboard)                   | read  | read     | read         | —                          |
 * | operators                                   | all   | —        | —            | —                          |
 * | any change (except staff of their store)    | yes   | yes      | —            | —                          |
 *
 * ¹ a purchase at their store, or staff of it; any other member answers 404 MEMBER_NOT_FOUND exactly like
 *   an unknown id, so member ids are no oracle.
 * ² analysts read aggregates: a list answers its total (with the same filters) and no rows; routes about
 *   one member, the audit trail and staff lists (personal data, nothing to aggregate) answer 403.
 */

/** Roles that read member-level rows (store managers only within their store's scope); analysts get totals. */
export const PERSONAL_DATA_ROLES = [OperatorRole.Admin, OperatorRole.Operator, OperatorRole.StoreManager];
