import { IdempotencyRecord } from '../common/idempotency/idempotency-record.entity';
import { RateLimitBucket } from '../common/rate-limit/rate-limit-bucket.entity';
import { JobRun } from '../jobs/entities/job-run.entity';
import { OutboxRow } from '../outbox/outbox.entity';
import { LedgerAccount } from '../ledger/entities/ledger-account.entity';
import { LedgerAllocation } from '../ledger/entities/ledger-allocation.entity';
import { LedgerEntry } from '../ledger/entities/ledger-entry.entity';
import { LedgerHold } from '../ledger/entities/ledger-hold.entity';
import { LedgerLot } from '../ledger/entities/ledger-lot.entity';
import { Checkout } from '../modules/sales/entities/checkout.entity';
import { MemberTier } from '../modules/tiers/entities/member-tier.entity';
import { PurchaseRefund } from '../modules/sales/entities/purchase-refund.entity';
import { Purchase } from '../modules/sales/entities/purchase.entity';
import { SaleApproval } from '../modules/sales/entities/sale-approval.entity';
import { WalletChargeConfirmation } from '../modules/sales/entities/wallet-charge-confirmation.entity';
import { PointsAdjustmentRow } from '../modules/points/entities/points-adjustment.entity';
import { AdjustmentQuota } from '../modules/points/entities/adjustment-quota.entity';
import { TierReviewRow } from '../modules/tiers/entities/tier-review.entity';
import { PointsExpiryReminderRow } from '../modules/points/entities/points-expiry-reminder.entity';
import { AuditLog } from '../modules/audit/entities/audit-log.entity';
import { PointsRuleVersion } from '../modules/points/entities/points-rule-version.entity';
import { PointsRuleChange } from '../modules/points/entities/points-rule-change.entity';
import { TierChangeRow } from '../modules/tiers/entities/tier-change.entity';
import { Tier } from '../modules/tiers/entities/tier.entity';
import { MemberCode } from '../modules/members/entities/member-code.entity';
import { Member } from '../modules/members/entities/member.entity';
import { OperatorSession } from '../modules/operators/entities/operator-session.entity';
import { Operator } from '../modules/operators/entities/operator.entity';
import { DeletionRequest } from '../modules/privacy/entities/deletion-request.entity';
import { MemberConsent } from '../modules/privacy/entities/member-consent.entity';
import { StaffInvite } from '../modules/staff/entities/staff-invite.entity';
import { Staff } from '../modules/staff/entities/staff.entity';
import { Store } from '../modules/stores/entities/store.entity';
import { CouponBatch } from '../modules/coupons/entities/coupon-batch.entity';
import { CouponGift } from '../modules/coupons/entities/coupon-gift.entity';
import { CouponMemberQuota } from '../modules/coupons/entities/coupon-member-quota.entity';
import { CouponRedemption } from '../modules/coupons/entities/coupon-redemption.entity';
import { CouponTemplate } from '../modules/coupons/entities/coupon-template.entity';
import { CouponTierGift } from '../modules/coupons/entities/coupon-tier-gift.entity';
import { Coupon } from '../modules/coupons/entities/coupon.entity';
import { PayAnomalyRow } from '../modules/wallet/entities/pay-anomaly.entity';
import { TopupOrder } from '../modules/wallet/entities/topup-order.entity';
import { TopupPlan } from '../modules/wallet/entities/topup-plan.entity';
import { ReconItem } from '../modules/wallet/entities/recon-item.entity';
import { ReconRun } from '../modules/wallet/entities/recon-run.entity';
import { WalletRefundRow } from '../modules/wallet/entities/wallet-refund.entity';
import { MallCategoryRow } from '../modules/mall/entities/mall-category.entity';
import { MallGoodsRow } from '../modules/mall/entities/mall-goods.entity';
import { MallMemberQuota } from '../modules/mall/entities/mall-member-quota.entity';
import { MallOrderRow } from '../modules/mall/entities/mall-order.entity';
import { MallRefundRow } from '../modules/mall/entities/mall-refund.entity';
import { MediaAssetRow } from '../modules/media/entities/media-asset.entity';
import { EventRow } from '../modules/events/entities/event.entity';
import { EventSignupRow } from '../modules/events/entities/event-signup.entity';
import { EventSessionRow } from '../modules/events/entities/event-session.entity';
import { EventMemberStanding } from '../modules/events/entities/event-member-standing.entity';
import { EventNoticeRow } from '../modules/events/entities/event-notice.entity';
import { NoticeRow } from '../modules/notices/entities/notice.entity';
import { NoticeKindConfigRow } from '../modules/notices/entities/notice-kind-config.entity';
import { NoticeGrantRow } from '../modules/notices/entities/notice-grant.entity';
import { NoticeConsentLogRow } from '../modules/notices/entities/notice-consent-log.entity';
import { NoticePreferenceRow } from '../modules/notices/entities/notice-preference.entity';
import { NoticeTestRecipientRow } from '../modules/notices/entities/notice-test-recipient.entity';
import { EventPaymentRow } from '../modules/events/entities/event-payment.entity';
import { SurveyRow } from '../modules/surveys/entities/survey.entity';
import { SurveyResponseRow } from '../modules/surveys/entities/survey-response.entity';
import { FollowUpTaskRow } from '../modules/surveys/entities/follow-up-task.entity';

export const ENTITIES = [
  Member,
  MemberCode,
  Store,
  Staff,
  StaffInvite,
  Operator,
  AuditLog,
  LedgerAccount,
  LedgerEntry,
  LedgerLot,
  LedgerAllocation,
  LedgerHold,
  JobRun,
  PointsRuleVersion,
  PointsRuleChange,
  TierChangeRow,
  Tier,
  Purchase,
  MemberTier,
  PurchaseRefund,
  PointsAdjustmentRow,
  AdjustmentQuota,
  TierReviewRow,
  PointsExpiryReminderRow,
  IdempotencyRecord,
  Checkout,
  SaleApproval,
  WalletChargeConfirmation,
  OutboxRow,
  OperatorSession,
  RateLimitBucket,
  MemberConsent,
  DeletionRequest,
  CouponTemplate,
  Coupon,
  CouponMemberQuota,
  CouponGift,
  CouponTierGift,
  CouponRedemption,
  CouponBatch,
  TopupPlan,
  TopupOrder,
  PayAnomalyRow,
  ReconRun,
  ReconItem,
  WalletRefundRow,
  MediaAssetRow,
  MallCategoryRow,
  MallGoodsRow,
  MallMemberQuota,
  MallOrderRow,
  MallRefundRow,
  EventRow,
  EventSignupRow,
  EventSessionRow,
  EventMemberStanding,
  EventNoticeRow,
  NoticeRow,
  NoticeKindConfigRow,
  NoticeGrantRow,
  NoticeConsentLogRow,
  NoticePreferenceRow,
  NoticeTestRecipientRow,
  EventPaymentRow,
  SurveyRow,
  SurveyResponseRow,
  FollowUpTaskRow,
];
