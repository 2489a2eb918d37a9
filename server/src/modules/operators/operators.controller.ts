import { Body, Controller, Get, HttpCode, Ip, Param, ParseIntPipe, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import {
  CONSOLE_HEADER,
  ErrorCode,
  OPERATOR_PASSWORD_MAX_LENGTH,
  OPERATOR_PASSWORD_MIN_LENGTH,
  OperatorRole,
} from '@member/shared';
import type { Request, Response } from 'express';
import { AppException } from '../../common/app-exception';
import { AppConfig } from '../../config/app-config';
import { IsEnum, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { CurrentOperator } from '../auth/current-principal.decorator';
import { AllowedBeforePasswordChange, OperatorGuard, Roles } from '../auth/guards';
import type { OperatorPrincipal } from '../auth/token.service';
import { OperatorAuthService, type SignedIn } from './operator-auth.service';
import { OperatorsService } from './operators.service';
import type { ChangePasswordRequest, CreateOperatorRequest, OperatorLoginRequest } from '@member/shared';
import { INT_MAX } from '../../common/edge/edge-limits';
import { IsPlainText } from '../../common/text.validator';
import {
  DEVICE_COOKIE_MAX_AGE_MS,
  deviceCookieName,
  deviceCookieOptions,
  readCookie,
  REFRESH_COOKIE,
  refreshCookieOptions,
} from './refresh-token';
import { normalizeUsername } from './username';

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
    private readonly config: AppConfig,
  ) {}

  @Post('auth/login')
  @HttpCode(200)
  async login(
    @Body() body: OperatorLoginDto,
    @Ip() ip: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    // The console keeps its device token in an httpOnly cookie; API clients may still send it in the body.
    const deviceCookie = deviceCookieName(normalizeUsername(body.username));
    const deviceToken = body.deviceToken ?? readCookie(req.headers.cookie, deviceCookie);
    const signedIn = await this.auth.login({ ...body, deviceToken }, ip);
    res.cookie(deviceCookie, signedIn.body.deviceToken, {
      ...deviceCookieOptions(this.config.server.publicUrl),
      maxAge: DEVICE_COOKIE_MAX_AGE_MS,
    });
    return this.withCookie(res, signedIn);
  }

  // The one cookie-authenticated route: SameSite=Strict keeps other sites' requests from carrying the cookie,
  // and the custom header, which a cross-site form cannot send, is asked for besides.
  @Post('auth/refresh')
  @HttpCode(200)
  @ApiHeader({ name: CONSOLE_HEADER, required: true, description: '1' })
  async refresh(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    if (req.headers[CONSOLE_HEADER.toLowerCase()] !== '1') throw new AppException(ErrorCode.FORBIDDEN);
    try {
      return this.withCookie(res, await this.auth.refresh(readCookie(req.headers.cookie, REFRESH_COOKIE)));
    } catch (error) {
      this.clearCookie(res);
      throw error;
    }
  }

  @Post('auth/logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @UseGuards(OperatorGuard)
  @AllowedBeforePasswordChange()
  async logout(@CurrentOperator() op: OperatorPrincipal, @Res({ passthrough: true }) res: Response) {
    await this.auth.logout(op);
    this.clearCookie(res);
  }

  @Post('auth/logout-all')
  @HttpCode(204)
  @ApiBearerAuth()
  @UseGuards(OperatorGuard)
  @AllowedBeforePasswordChange()
  async logoutEverywhere(@CurrentOperator() op: OperatorPrincipal, @Res({ passthrough: true }) res: Response) {
    await this.auth.logoutEverywhere(op);
    this.clearCookie(res);
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
  async changePassword(
    @CurrentOperator() op: OperatorPrincipal,
    @Body() body: ChangePasswordDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.withCookie(res, await this.auth.changePassword(op, body));
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

  private withCookie<T>(res: Response, { body, cookie }: SignedIn<T>): T {
    if (cookie) {
      res.cookie(REFRESH_COOKIE, cookie.value, {
        ...refreshCookieOptions(this.config.server.publicUrl),
        maxAge: cookie.maxAgeMs,
      });
    }
    return body;
  }

  private clearCookie(res: Response): void {
    res.clearCookie(REFRESH_COOKIE, refreshCookieOptions(this.config.server.publicUrl));
  }
}
