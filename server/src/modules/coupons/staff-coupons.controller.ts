import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Throttle } from '../../common/rate-limit/throttle.guard';
import { CurrentStaff } from '../auth/current-principal.decorator';
import { StaffGuard } from '../auth/guards';
import type { StaffPrincipal } from '../auth/token.service';
import { CouponRedemptionsService } from './coupon-redemptions.service';
import { RedeemCouponDto, StaffCouponLookupDto } from './dto/coupon-redemptions.dto';

// Staff of an active store, themselves active (StaffGuard): a disabled clerk or store is refused at once.
@ApiTags('staff')
@ApiBearerAuth()
@UseGuards(StaffGuard)
@Controller('api/v1/staff')
export class StaffCouponsController {
  constructor(private readonly redemptions: CouponRedemptionsService) {}

  /** A scanned coupon code: the voucher, its member, and whether it can be redeemed here now. */
  @Post('coupons/lookup')
  @HttpCode(200)
  @Throttle('staffLookup', 'staff') // a scan shows the member like a lookup, and counts as one
  lookup(@CurrentStaff() staff: StaffPrincipal, @Body() body: StaffCouponLookupDto) {
    return this.redemptions.lookup(staff, body.code);
  }

  @Post('coupon-redemptions')
  redeem(@CurrentStaff() staff: StaffPrincipal, @Body() body: RedeemCouponDto) {
    return this.redemptions.redeem(staff, body);
  }
}
