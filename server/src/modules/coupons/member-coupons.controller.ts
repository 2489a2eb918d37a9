import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentMember } from '../auth/current-principal.decorator';
import { MemberGuard } from '../auth/guards';
import type { MemberPrincipal } from '../auth/token.service';
import { CouponClaimsService } from './coupon-claims.service';
import { ClaimCouponDto, MemberCouponQueryDto } from './dto/coupons.dto';
import { MemberCouponsService } from './member-coupons.service';

@ApiTags('member')
@ApiBearerAuth()
@UseGuards(MemberGuard)
@Controller('api/v1')
export class MemberCouponsController {
  constructor(
    private readonly coupons: MemberCouponsService,
    private readonly claims: CouponClaimsService,
  ) {}

  /** 领券中心: templates open for claiming, with the member's own standing. */
  @Get('coupon-center')
  center(@CurrentMember() m: MemberPrincipal) {
    return this.claims.center(m);
  }

  @Post('me/coupons/claims')
  claim(@CurrentMember() m: MemberPrincipal, @Body() body: ClaimCouponDto) {
    return this.claims.claim(m, body);
  }

  @Get('me/coupons')
  list(@CurrentMember() m: MemberPrincipal, @Query() q: MemberCouponQueryDto) {
    return this.coupons.list(m.memberId, q);
  }

  @Get('me/coupons/:id')
  detail(@CurrentMember() m: MemberPrincipal, @Param('id', ParseIntPipe) id: number) {
    return this.coupons.detail(m.memberId, id);
  }
}
