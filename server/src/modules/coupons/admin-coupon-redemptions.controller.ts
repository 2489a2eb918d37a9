import { Body, Controller, HttpCode, Param, ParseIntPipe, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentOperator } from '../auth/current-principal.decorator';
import { OperatorGuard, Roles, WRITE_ROLES } from '../auth/guards';
import type { OperatorPrincipal } from '../auth/token.service';
import { CouponRedemptionsService } from './coupon-redemptions.service';
import { VoidCouponRedemptionDto } from './dto/coupon-redemptions.dto';

@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(OperatorGuard)
@Controller('api/v1/admin/coupon-redemptions')
export class AdminCouponRedemptionsController {
  constructor(private readonly redemptions: CouponRedemptionsService) {}

  /** Voids a stand-alone voucher redemption within the window (a change: admins and operators). */
  @Post(':id/void')
  @HttpCode(200)
  @Roles(...WRITE_ROLES)
  void(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: VoidCouponRedemptionDto,
    @CurrentOperator() op: OperatorPrincipal,
  ) {
    return this.redemptions.void(op, id, body.reason);
  }
}
