import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ActorType, OperatorRole } from '@member/shared';
import { Type } from 'class-transformer';
import { IsEnum, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { CurrentOperator } from '../auth/current-principal.decorator';
import { OperatorGuard, Roles } from '../auth/guards';
import { PERSONAL_DATA_ROLES } from '../auth/access-policy';
import type { OperatorPrincipal } from '../auth/token.service';
import { AuditService } from './audit.service';
import type { AuditLogQuery } from '@member/shared';
import { EDGE_LIMITS, INT_MAX } from '../../common/edge/edge-limits';
import { IsPlainText } from '../../common/text.validator';

export class AuditLogQueryDto implements AuditLogQuery {
  @IsOptional() @IsString() @MaxLength(64) @IsPlainText() action?: string;
  @IsOptional() @IsEnum(ActorType) actorType?: ActorType;
  @IsOptional() @IsString() @MaxLength(32) @IsPlainText() targetType?: string;
  @IsOptional() @IsString() @MaxLength(64) @IsPlainText() targetId?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(INT_MAX) storeId?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(EDGE_LIMITS.maxPage) page?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize?: number;
}

@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(OperatorGuard)
@Roles(...PERSONAL_DATA_ROLES)
@Controller('api/v1/admin/audit-logs')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  list(@Query() query: AuditLogQueryDto, @CurrentOperator() op: OperatorPrincipal) {
    // Store managers see their own store's trail only.
    const storeId = op.role === OperatorRole.StoreManager ? (op.storeId ?? -1) : query.storeId;
    return this.audit.list({ ...query, storeId });
  }
}
