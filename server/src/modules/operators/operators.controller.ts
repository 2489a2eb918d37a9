import { Body, Controller, Get, HttpCode, Ip, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { OperatorRole } from '@member/shared';
import { IsEnum, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { CurrentOperator } from '../auth/current-principal.decorator';
import { OperatorGuard, Roles } from '../auth/guards';
import type { OperatorPrincipal } from '../auth/token.service';
import { OperatorsService } from './operators.service';
import type { CreateOperatorRequest, OperatorLoginRequest } from '@member/shared';
import { INT_MAX } from '../../common/edge/edge-limits';
import { IsPlainText } from '../../common/text.validator';

export class OperatorLoginDto implements OperatorLoginRequest {
  @IsString() @MinLength(1) @MaxLength(64) username!: string;
  @IsString() @MinLength(1) @MaxLength(128) password!: string;
}

export class CreateOperatorDto implements CreateOperatorRequest {
  @Matches(/^[a-zA-Z0-9_.-]{3,64}$/, { message: 'username must be 3-64 letters, digits, _ . -' }) username!: string;
  @IsString() @MinLength(10, { message: 'password must be at least 10 characters' }) @MaxLength(128) password!: string;
  @IsString() @MinLength(1) @MaxLength(64) @IsPlainText() displayName!: string;
  @IsEnum(OperatorRole) role!: OperatorRole;
  @IsOptional() @IsInt() @Min(1) @Max(INT_MAX) storeId?: number;
}

@ApiTags('admin')
@Controller('api/v1/admin')
export class OperatorsController {
  constructor(private readonly operators: OperatorsService) {}

  @Post('auth/login')
  @HttpCode(200)
  login(@Body() body: OperatorLoginDto, @Ip() ip: string) {
    return this.operators.login(body.username, body.password, ip);
  }

  @Get('me')
  @ApiBearerAuth()
  @UseGuards(OperatorGuard)
  me(@CurrentOperator() op: OperatorPrincipal) {
    return this.operators.me(op.operatorId);
  }

  @Get('operators')
  @ApiBearerAuth()
  @UseGuards(OperatorGuard)
  @Roles(OperatorRole.Admin)
  list() {
    return this.operators.list();
  }

  @Post('operators')
  @ApiBearerAuth()
  @UseGuards(OperatorGuard)
  @Roles(OperatorRole.Admin)
  create(@Body() body: CreateOperatorDto, @CurrentOperator() op: OperatorPrincipal) {
    return this.operators.create(body, op);
  }
}
