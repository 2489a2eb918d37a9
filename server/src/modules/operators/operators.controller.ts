import { Body, Controller, Get, HttpCode, Ip, Param, ParseIntPipe, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { OPERATOR_PASSWORD_MAX_LENGTH, OPERATOR_PASSWORD_MIN_LENGTH, OperatorRole } from '@member/shared';
import { IsEnum, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { CurrentOperator } from '../auth/current-principal.decorator';
import { AllowedBeforePasswordChange, OperatorGuard, Roles } from '../auth/guards';
import type { OperatorPrincipal } from '../auth/token.service';
import { OperatorAuthService } from './operator-auth.service';
import { OperatorsService } from './operators.service';
import type { ChangePasswordRequest, CreateOperatorRequest, OperatorLoginRequest } from '@member/shared';
import { INT_MAX } from '../../common/edge/edge-limits';
import { IsPlainText } from '../../common/text.validator';

const PASSWORD_RULE = `密码须为 ${OPERATOR_PASSWORD_MIN_LENGTH}-${OPERATOR_PASSWORD_MAX_LENGTH} 个字符`;

export class OperatorLoginDto implements OperatorLoginRequest {
  @IsString() @MinLength(1) @MaxLength(64) username!: string;
  @IsString() @MinLength(1) @MaxLength(128) password!: string;
  @IsOptional() @IsString() @MaxLength(64) deviceToken?: string;
}

export class CreateOperatorDto implements CreateOperatorRequest {
  @Matches(/^[a-zA-Z0-9_.-]{3,64}$/, { message: '用户名须为 3-64 位字母、数字、_ . -' }) username!: string;
  @IsString()
  @MinLength(OPERATOR_PASSWORD_MIN_LENGTH, { message: PASSWORD_RULE })
  @MaxLength(OPERATOR_PASSWORD_MAX_LENGTH, { message: PASSWORD_RULE })
  password!: string;
  @IsString() @MinLength(1) @MaxLength(64) @IsPlainText() displayName!: string;
  @IsEnum(OperatorRole) role!: OperatorRole;
  @IsOptional() @IsInt() @Min(1) @Max(INT_MAX) storeId?: number;
}

export class ChangePasswordDto implements ChangePasswordRequest {
  @IsString() @MinLength(1) @MaxLength(OPERATOR_PASSWORD_MAX_LENGTH) currentPassword!: string;
  @IsString()
  @MinLength(OPERATOR_PASSWORD_MIN_LENGTH, { message: PASSWORD_RULE })
  @MaxLength(OPERATOR_PASSWORD_MAX_LENGTH, { message: PASSWORD_RULE })
  newPassword!: string;
}

@ApiTags('admin')
@Controller('api/v1/admin')
export class OperatorsController {
  constructor(
    private readonly auth: OperatorAuthService,
    private readonly operators: OperatorsService,
  ) {}

  @Post('auth/login')
  @HttpCode(200)
  login(@Body() body: OperatorLoginDto, @Ip() ip: string) {
    return this.auth.login(body, ip);
  }

  @Post('auth/logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @UseGuards(OperatorGuard)
  @AllowedBeforePasswordChange()
  logout(@CurrentOperator() op: OperatorPrincipal) {
    return this.auth.logout(op);
  }

  @Post('auth/logout-all')
  @HttpCode(204)
  @ApiBearerAuth()
  @UseGuards(OperatorGuard)
  @AllowedBeforePasswordChange()
  logoutEverywhere(@CurrentOperator() op: OperatorPrincipal) {
    return this.auth.logoutEverywhere(op);
  }

  @Get('me')
  @ApiBearerAuth()
  @UseGuards(OperatorGuard)
  @AllowedBeforePasswordChange()
  me(@CurrentOperator() op: OperatorPrincipal) {
    return this.auth.me(op.operatorId);
  }

  @Post('me/password')
  @HttpCode(200)
  @ApiBearerAuth()
  @UseGuards(OperatorGuard)
  @AllowedBeforePasswordChange()
  changePassword(@CurrentOperator() op: OperatorPrincipal, @Body() body: ChangePasswordDto) {
    return this.auth.changePassword(op, body);
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

  @Post('operators/:id/disable')
  @HttpCode(200)
  @ApiBearerAuth()
  @UseGuards(OperatorGuard)
  @Roles(OperatorRole.Admin)
  disable(@Param('id', ParseIntPipe) id: number, @CurrentOperator() op: OperatorPrincipal) {
    return this.operators.setActive(id, false, op);
  }

  @Post('operators/:id/enable')
  @HttpCode(200)
  @ApiBearerAuth()
  @UseGuards(OperatorGuard)
  @Roles(OperatorRole.Admin)
  enable(@Param('id', ParseIntPipe) id: number, @CurrentOperator() op: OperatorPrincipal) {
    return this.operators.setActive(id, true, op);
  }

  @Post('operators/:id/reset-password')
  @HttpCode(200)
  @ApiBearerAuth()
  @UseGuards(OperatorGuard)
  @Roles(OperatorRole.Admin)
  resetPassword(@Param('id', ParseIntPipe) id: number, @CurrentOperator() op: OperatorPrincipal) {
    return this.operators.resetPassword(id, op);
  }

  @Post('operators/:id/unlock')
  @HttpCode(204)
  @ApiBearerAuth()
  @UseGuards(OperatorGuard)
  @Roles(OperatorRole.Admin)
  unlock(@Param('id', ParseIntPipe) id: number, @CurrentOperator() op: OperatorPrincipal) {
    return this.operators.unlock(id, op);
  }
}
