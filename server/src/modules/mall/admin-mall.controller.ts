import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentOperator } from '../auth/current-principal.decorator';
import { OperatorGuard, Roles, WRITE_ROLES } from '../auth/guards';
import type { OperatorPrincipal } from '../auth/token.service';
import {
  AdminMallGoodsQueryDto,
  MallCategoryDto,
  MallGoodsDto,
  MallGoodsStatusDto,
  MallStockAdjustmentDto,
  UpdateMallGoodsDto,
} from './dto/mall.dto';
import { MallCatalogService } from './mall-catalog.service';

/** The console's catalogue: every operator role reads it (like stores and tiers); admins and operators change it. */
@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(OperatorGuard)
@Controller('api/v1/admin/mall')
export class AdminMallController {
  constructor(private readonly catalog: MallCatalogService) {}

  @Get('categories')
  categories() {
    return this.catalog.categories();
  }

  @Post('categories')
  @Roles(...WRITE_ROLES)
  createCategory(@Body() body: MallCategoryDto, @CurrentOperator() op: OperatorPrincipal) {
    return this.catalog.createCategory(body, op);
  }

  @Put('categories/:id')
  @Roles(...WRITE_ROLES)
  updateCategory(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: MallCategoryDto,
    @CurrentOperator() op: OperatorPrincipal,
  ) {
    return this.catalog.updateCategory(id, body, op);
  }

  @Get('goods')
  goods(@Query() q: AdminMallGoodsQueryDto) {
    return this.catalog.list(q);
  }

  @Get('goods/:id')
  get(@Param('id', ParseIntPipe) id: number) {
    return this.catalog.get(id);
  }

  @Post('goods')
  @Roles(...WRITE_ROLES)
  create(@Body() body: MallGoodsDto, @CurrentOperator() op: OperatorPrincipal) {
    return this.catalog.create(body, op);
  }

  @Put('goods/:id')
  @Roles(...WRITE_ROLES)
  update(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: UpdateMallGoodsDto,
    @CurrentOperator() op: OperatorPrincipal,
  ) {
    return this.catalog.update(id, body, op);
  }

  @Post('goods/:id/status')
  @HttpCode(200)
  @Roles(...WRITE_ROLES)
  setStatus(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: MallGoodsStatusDto,
    @CurrentOperator() op: OperatorPrincipal,
  ) {
    return this.catalog.setStatus(id, body.status, body.version, op);
  }

  @Post('goods/:id/stock')
  @HttpCode(200)
  @Roles(...WRITE_ROLES)
  adjustStock(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: MallStockAdjustmentDto,
    @CurrentOperator() op: OperatorPrincipal,
  ) {
    return this.catalog.adjustStock(id, body, op);
  }
}
