import { Module } from '@nestjs/common';
import { TiersModule } from '../tiers/tiers.module';
import { CouponClaimsService } from './coupon-claims.service';
import { CouponIssuingService } from './coupon-issuing.service';
import { CouponTemplatesController } from './coupon-templates.controller';
import { CouponTemplatesService } from './coupon-templates.service';
import { CouponTendersService } from './coupon-tenders.service';
import { CouponsRepository } from './coupons.repository';
import { MemberCouponsController } from './member-coupons.controller';
import { MemberCouponsService } from './member-coupons.service';

/**
 * Coupons: templates (operators), claiming (领券中心), the shop's automatic and batch issues through one
 * issuing service, members' coupons and gifts, and coupons as a tender of a sale (the sales module asks
 * CouponTendersService to price and use them in the sale's transaction).
 */
@Module({
  imports: [TiersModule],
  controllers: [MemberCouponsController, CouponTemplatesController],
  providers: [
    CouponsRepository,
    CouponIssuingService,
    CouponClaimsService,
    MemberCouponsService,
    CouponTemplatesService,
    CouponTendersService,
  ],
  exports: [CouponIssuingService, CouponTendersService],
})
export class CouponsModule {}
