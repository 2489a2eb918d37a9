import { Module } from '@nestjs/common';
import { NoticesModule } from '../notices/notices.module';
import { TiersModule } from '../tiers/tiers.module';
import { AdminCouponRedemptionsController } from './admin-coupon-redemptions.controller';
import { CouponClaimsService } from './coupon-claims.service';
import { CouponGiftLapseJob } from './coupon-gift-lapse.job';
import { CouponGiftsController } from './coupon-gifts.controller';
import { CouponGiftsRepository } from './coupon-gifts.repository';
import { CouponGiftsService } from './coupon-gifts.service';
import { CouponBirthdayJob } from './coupon-birthday.job';
import { CouponBatchesService } from './coupon-batches.service';
import { CouponExpiryJob } from './coupon-expiry.job';
import { CouponIssuingService } from './coupon-issuing.service';
import { CouponTierGifts } from './coupon-occasions';
import { CouponOccasionsService } from './coupon-occasions.service';
import { CouponRecordsController } from './coupon-records.controller';
import { CouponRecordsRepository } from './coupon-records.repository';
import { CouponRecordsService } from './coupon-records.service';
import { CouponRedemptionsRepository } from './coupon-redemptions.repository';
import { CouponRedemptionsService } from './coupon-redemptions.service';
import { CouponTemplatesController } from './coupon-templates.controller';
import { CouponTemplatesService } from './coupon-templates.service';
import { CouponTendersService } from './coupon-tenders.service';
import { CouponsRepository } from './coupons.repository';
import { MemberCouponsController } from './member-coupons.controller';
import { MemberCouponsService } from './member-coupons.service';
import { StaffCouponsController } from './staff-coupons.controller';

/**
 * Coupons: templates (operators), claiming (领券中心), the shop's automatic and batch issues through one
 * issuing service, members' coupons and gifts, and coupons as a tender of a sale (the sales module asks
 * CouponTendersService to price and use them in the sale's transaction).
 */
@Module({
  imports: [TiersModule, NoticesModule],
  controllers: [
    MemberCouponsController,
    CouponTemplatesController,
    CouponGiftsController,
    StaffCouponsController,
    AdminCouponRedemptionsController,
    CouponRecordsController,
  ],
  providers: [
    CouponsRepository,
    CouponIssuingService,
    CouponClaimsService,
    MemberCouponsService,
    CouponTemplatesService,
    CouponTendersService,
    CouponTierGifts,
    CouponOccasionsService,
    CouponBirthdayJob,
    CouponExpiryJob,
    CouponGiftsRepository,
    CouponGiftsService,
    CouponGiftLapseJob,
    CouponRedemptionsRepository,
    CouponRedemptionsService,
    CouponBatchesService,
    CouponRecordsRepository,
    CouponRecordsService,
  ],
  exports: [CouponIssuingService, CouponTendersService],
})
export class CouponsModule {}
