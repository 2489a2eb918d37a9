import { OperatorRole } from '@member/shared';

/*
 * Who may do what in the console: the one role table. Guards (@Roles) and the services' scoping
 * (MemberScope, assertStoreScope) apply it; the console's permissions.ts hides what would answer 403.
 *
 * | area                                         | admin | operator | analyst | store_manager               |
 * |----------------------------------------------|-------|----------|---------|-----------------------------|
 * | members: list, detail, points, tier          | all   | all      | —       | members their store served¹ |
 * | points adjustments, expiry reminders, tier   | all   | all      | —       | rows of those members       |
 * |   reviews (lists)                            |       |          |         |                             |
 * | audit log                                    | all   | all      | —       | rows of their store         |
 * | staff, staff invites                         | all   | all      | —       | their store (and manage it) |
 * | stores (with staff counts), tiers, points    | read  | read     | read    | read                        |
 * |   rules, own adjustment quota                |       |          |         |                             |
 * | 任务队列 (outbox: counts, kinds, errors)      | all   | all      | read    | —                           |
 * | operators                                    | all   | —        | —       | —                           |
 * | any change (except staff of their store)     | yes   | yes      | —       | —                           |
 *
 * ¹ a purchase at their store, or staff of it; any other member answers 404 MEMBER_NOT_FOUND exactly like
 *   an unknown id, so member ids are no oracle.
 * Analysts read aggregates: figures about the programme (stores and their staff counts, the tier ladder,
 * the rules, the work queue), never a member-level row or the audit trail (both carry personal data).
 */

/** Roles that read member-level rows (store managers only within their store's scope). */
export const PERSONAL_DATA_ROLES = [OperatorRole.Admin, OperatorRole.Operator, OperatorRole.StoreManager];
