import {
  COUPON_TEXT_LIMITS as T,
  type RedeemCouponRequest,
  type StaffCouponLookupRequest,
  type VoidCouponRedemptionRequest,
} from '@member/shared';
import { IsString, MaxLength } from 'class-validator';
import { TextWithin } from '../../../common/limit-validators';
import { REQUEST_ID } from './coupons.dto';

// Any string up to a bound: the service checks the code itself, so a malformed code and an unknown one get
// the same answer (COUPON_CODE_UNKNOWN) and the counter learns nothing from the difference.
export class StaffCouponLookupDto implements StaffCouponLookupRequest {
  @IsString() @MaxLength(64) code!: string;
}

export class RedeemCouponDto extends StaffCouponLookupDto implements RedeemCouponRequest {
  @IsString() @REQUEST_ID() requestId!: string;
}

export class VoidCouponRedemptionDto implements VoidCouponRedemptionRequest {
  @TextWithin('撤销原因', T.voidReason) reason!: string;
}
