import { Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Throttle } from '../../common/rate-limit/throttle.guard';
import { CurrentMember } from '../auth/current-principal.decorator';
import { MemberGuard } from '../auth/guards';
import type { MemberPrincipal } from '../auth/token.service';
import { CouponGiftsService } from './coupon-gifts.service';

// Gift links carry their secret in the path; the service answers COUPON_GIFT_NOT_FOUND for any malformed one.
@ApiTags('member')
@ApiBearerAuth()
@UseGuards(MemberGuard)
@Controller('api/v1')
export class CouponGiftsController {
  constructor(private readonly gifts: CouponGiftsService) {}

  @Post('me/coupons/:id/gift')
  offer(@CurrentMember() m: MemberPrincipal, @Param('id', ParseIntPipe) id: number) {
    return this.gifts.offer(m.memberId, id);
  }

  @Delete('me/coupons/:id/gift')
  @HttpCode(200)
  cancel(@CurrentMember() m: MemberPrincipal, @Param('id', ParseIntPipe) id: number) {
    return this.gifts.cancel(m.memberId, id);
  }

  @Get('coupon-gifts/:token')
  @Throttle('couponGift', 'member') // after the class's member guard: it counts the member
  preview(@CurrentMember() m: MemberPrincipal, @Param('token') token: string) {
    return this.gifts.preview(m.memberId, token);
  }

  @Post('coupon-gifts/:token/accept')
  @HttpCode(200)
  @Throttle('couponGift', 'member')
  accept(@CurrentMember() m: MemberPrincipal, @Param('token') token: string) {
    return this.gifts.accept(m.memberId, token);
  }
}
