import { Body, Controller, Get, Param, ParseIntPipe, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { CurrentOperator } from '../auth/current-principal.decorator';
import { OperatorGuard, Roles, WRITE_ROLES } from '../auth/guards';
import type { OperatorPrincipal } from '../auth/token.service';
import { StoresService } from './stores.service';
import type { CreateStoreRequest, UpdateStoreRequest } from '@member/shared';
import { IsPlainText } from '../../common/text.validator';

export class CreateStoreDto implements CreateStoreRequest {
  @IsString() @MinLength(1) @MaxLength(64) @IsPlainText() name!: string;
  @Matches(/^[A-Za-z0-9_-]{2,32}$/, { message: '门店编码须为 2-32 位字母、数字、_ 或 -' }) code!: string;
  @IsOptional() @IsString() @MaxLength(255) @IsPlainText() address?: string;
  @IsOptional() @IsString() @MaxLength(32) @IsPlainText() phone?: string;
}

export class UpdateStoreDto implements UpdateStoreRequest {
  @IsOptional() @IsString() @MinLength(1) @MaxLength(64) @IsPlainText() name?: string;
  @IsOptional() @IsString() @MaxLength(255) @IsPlainText() address?: string;
  @IsOptional() @IsString() @MaxLength(32) @IsPlainText() phone?: string;
  @IsOptional() @IsBoolean() active?: boolean;
}

@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(OperatorGuard)
@Controller('api/v1/admin/stores')
export class StoresController {
  constructor(private readonly stores: StoresService) {}

  @Get()
  list() {
    return this.stores.list();
  }

  @Post()
  @Roles(...WRITE_ROLES)
  create(@Body() body: CreateStoreDto, @CurrentOperator() op: OperatorPrincipal) {
    return this.stores.create(body, op);
  }

  @Patch(':id')
  @Roles(...WRITE_ROLES)
  update(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: UpdateStoreDto,
    @CurrentOperator() op: OperatorPrincipal,
  ) {
    return this.stores.update(id, body, op);
  }
}
