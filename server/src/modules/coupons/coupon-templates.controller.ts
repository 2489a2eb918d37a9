import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentOperator } from '../auth/current-principal.decorator';
import { OperatorGuard, Roles, WRITE_ROLES } from '../auth/guards';
import type { OperatorPrincipal } from '../auth/token.service';
import { CouponTemplatesService } from './coupon-templates.service';
import {
  CouponTemplateDto,
  CouponTemplateQueryDto,
  SetCouponTemplateStatusDto,
  UpdateCouponTemplateDto,
} from './dto/coupons.dto';

@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(OperatorGuard)
@Controller('api/v1/admin/coupon-templates')
export class CouponTemplatesController {
  constructor(private readonly templates: CouponTemplatesService) {}

  @Get()
  list(@Query() q: CouponTemplateQueryDto) {
    return this.templates.list(q);
  }

  @Get(':id')
  get(@Param('id', ParseIntPipe) id: number) {
    return this.templates.get(id);
  }

  @Post()
  @Roles(...WRITE_ROLES)
  create(@Body() body: CouponTemplateDto, @CurrentOperator() op: OperatorPrincipal) {
    return this.templates.create(body, op);
  }

  @Patch(':id')
  @Roles(...WRITE_ROLES)
  update(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: UpdateCouponTemplateDto,
    @CurrentOperator() op: OperatorPrincipal,
  ) {
    return this.templates.update(id, body, op);
  }

  @Post(':id/status')
  @HttpCode(200)
  @Roles(...WRITE_ROLES)
  setStatus(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: SetCouponTemplateStatusDto,
    @CurrentOperator() op: OperatorPrincipal,
  ) {
    return this.templates.setStatus(id, body.status, op);
  }
}
