import { Injectable, type OnModuleInit } from '@nestjs/common';
import { JobRegistry } from '../../jobs/job-registry';
import { CouponGiftsService } from './coupon-gifts.service';

/**
 * Every 10 minutes: gift links nobody accepted in time give their coupons back to the givers. Opening or
 * accepting a lapsed link does the same at once; this catches the links nobody opens again.
 */
@Injectable()
export class CouponGiftLapseJob implements OnModuleInit {
  static readonly NAME = 'coupon-gift-lapse';

  constructor(
    private readonly jobs: JobRegistry,
    private readonly gifts: CouponGiftsService,
  ) {}

  onModuleInit(): void {
    this.jobs.register({
      name: CouponGiftLapseJob.NAME,
      schedule: { kind: 'interval', seconds: 600 },
      run: () => this.gifts.sweep(),
    });
  }
}
