import { InitialSchema1763884800000 } from './1763884800000-initial-schema';
import { Ledger1763971200000 } from './1763971200000-ledger';
import { Jobs1764000000000 } from './1764000000000-jobs';
import { LoyaltyRulesTiers1764057600000 } from './1764057600000-loyalty-rules-tiers';
import { Purchases1764144000000 } from './1764144000000-purchases';
import { PointsOperatorTools1764230400000 } from './1764230400000-points-operator-tools';
import { Idempotency1764316800000 } from './1764316800000-idempotency';
import { RefundCash1764460800000 } from './1764460800000-refund-cash';
import { PurchasePromotion1764489600000 } from './1764489600000-purchase-promotion';
import { Outbox1764576000000 } from './1764576000000-outbox';
import { LedgerV21764748800000 } from './1764748800000-ledger-v2';
import { Checkout1764662400000 } from './1764662400000-checkout';
import { MemberPrivacy1764835200000 } from './1764835200000-member-privacy';
import { RateLimit1764921600000 } from './1764921600000-rate-limit';
import { OperatorLifecycle1764925200000 } from './1764925200000-operator-lifecycle';
import { RuleGuardRails1765008000000 } from './1765008000000-rule-guard-rails';
import { LeastPrivilege1765180800000 } from './1765180800000-least-privilege';
import { SettingsVersion1765440000000 } from './1765440000000-settings-version';
import { ConsoleRefresh1765526400000 } from './1765526400000-console-refresh';
import { Coupons1765612800000 } from './1765612800000-coupons';
import { CouponOccasions1765702800000 } from './1765702800000-coupon-occasions';
import { Wallet1765785600000 } from './1765785600000-wallet';
import { SaleWalletTender1765872000000 } from './1765872000000-sale-wallet-tender';
import { WalletReconciliation1766044800000 } from './1766044800000-wallet-reconciliation';
import { WalletRefunds1765958400000 } from './1765958400000-wallet-refunds';
import { TopupShippingCoupons1766131200000 } from './1766131200000-topup-shipping-coupons';

// Every migration, in order. New migrations are appended here.
export const MIGRATIONS = [InitialSchema1763884800000, Ledger1763971200000, Jobs1764000000000, LoyaltyRulesTiers1764057600000, Purchases1764144000000, PointsOperatorTools1764230400000, Idempotency1764316800000, RefundCash1764460800000, PurchasePromotion1764489600000, Outbox1764576000000, LedgerV21764748800000, Checkout1764662400000, MemberPrivacy1764835200000, RateLimit1764921600000, OperatorLifecycle1764925200000, RuleGuardRails1765008000000, LeastPrivilege1765180800000, SettingsVersion1765440000000, ConsoleRefresh1765526400000, Coupons1765612800000, CouponOccasions1765702800000, Wallet1765785600000, SaleWalletTender1765872000000, WalletRefunds1765958400000, WalletReconciliation1766044800000, TopupShippingCoupons1766131200000];
