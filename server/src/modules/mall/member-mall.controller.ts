import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentMember } from '../auth/current-principal.decorator';
import { MemberGuard } from '../auth/guards';
import type { MemberPrincipal } from '../auth/token.service';
import { MallGoodsQueryDto, MallOrderQueryDto, MallRedeemDto } from './dto/mall.dto';
import { MallMemberOrdersService } from './mall-member-orders.service';
import { MallPaymentsService } from './mall-payments.service';
import { MallRedeemService } from './mall-redeem.service';
import { MallShelfService } from './mall-shelf.service';

/** 积分商城 for signed-in members: the shelf (可兑换 against their own standing), redeeming, 我的兑换. */
@ApiTags('member')
@ApiBearerAuth()
@UseGuards(MemberGuard)
@Controller('api/v1')
export class MemberMallController {
  constructor(
    private readonly shelf: MallShelfService,
    private readonly redemptions: MallRedeemService,
    private readonly orders: MallMemberOrdersService,
    private readonly payments: MallPaymentsService,
  ) {}

  @Get('mall/categories')
  categories() {
    return this.shelf.categories();
  }

  @Get('mall/goods')
  goods(@CurrentMember() m: MemberPrincipal, @Query() q: MallGoodsQueryDto) {
    return this.shelf.list(m.memberId, q);
  }

  @Get('mall/goods/:id')
  detail(@CurrentMember() m: MemberPrincipal, @Param('id', ParseIntPipe) id: number) {
    return this.shelf.detail(m.memberId, id);
  }

  @Post('me/mall/orders')
  redeem(@CurrentMember() m: MemberPrincipal, @Body() body: MallRedeemDto) {
    return this.redemptions.redeem(m, body);
  }

  @Get('me/mall/orders')
  list(@CurrentMember() m: MemberPrincipal, @Query() q: MallOrderQueryDto) {
    return this.orders.list(m.memberId, q);
  }

  @Get('me/mall/orders/:id')
  order(@CurrentMember() m: MemberPrincipal, @Param('id', ParseIntPipe) id: number) {
    return this.orders.detail(m.memberId, id);
  }

  @Post('me/mall/orders/:id/pay')
  @HttpCode(200)
  pay(@CurrentMember() m: MemberPrincipal, @Param('id', ParseIntPipe) id: number) {
    return this.payments.payAgain(m.memberId, id);
  }

  @Post('me/mall/orders/:id/cancel')
  @HttpCode(200)
  cancel(@CurrentMember() m: MemberPrincipal, @Param('id', ParseIntPipe) id: number) {
    return this.orders.cancel(m.memberId, id);
  }
}
