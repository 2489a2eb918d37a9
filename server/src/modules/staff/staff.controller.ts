import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  Patch,
  Post,
  Put,
  Query,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Throttle } from '../../common/rate-limit/throttle.guard';
import { INVITE_HOURS_LIMIT, StaffRole } from '@member/shared';
import { Type } from 'class-transformer';
import { IsBoolean, IsEnum, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { CurrentMember, CurrentOperator, CurrentStaff } from '../auth/current-principal.decorator';
import { PERSONAL_DATA_ROLES } from '../auth/access-policy';
import { MemberGuard, OperatorGuard, Roles, StaffGuard } from '../auth/guards';
import type { MemberPrincipal, OperatorPrincipal, StaffPrincipal } from '../auth/token.service';
import { StaffInvitesService } from './staff-invites.service';
import { StaffSessionService } from './staff-session.service';
import { StaffService } from './staff.service';
import type {
  CreateStaffInviteRequest,
  MemberLookupRequest,
  RedeemInviteRequest,
  SetStaffPinRequest,
  UpdateStaffRequest,
} from '@member/shared';
import { PIN_PATTERN, StaffPinService } from './staff-pin.service';
import { INT_MAX } from '../../common/edge/edge-limits';
import { IntWithin } from '../../common/limit-validators';

export class RedeemInviteDto implements RedeemInviteRequest {
  @IsString() @Length(4, 16) inviteCode!: string;
  @IsOptional() @IsString() @Matches(PIN_PATTERN, { message: '确认密码为 6 位数字' }) pin?: string;
}
export class InvitePreviewDto {
  @IsString() @Length(4, 16) inviteCode!: string;
}
export class SetStaffPinDto implements SetStaffPinRequest {
  @IsString() @Matches(PIN_PATTERN, { message: '确认密码为 6 位数字' }) pin!: string;
  @IsOptional() @IsString() @Matches(PIN_PATTERN, { message: '确认密码为 6 位数字' }) currentPin?: string;
}
export class MemberLookupDto implements MemberLookupRequest {
  @IsString() @Length(1, 32) code!: string;
}
export class CreateStaffInviteDto implements CreateStaffInviteRequest {
  @IsInt() @Min(1) @Max(INT_MAX) storeId!: number;
  @IsEnum(StaffRole) role!: StaffRole;
  @IsOptional() @IntWithin(INVITE_HOURS_LIMIT) expiresInHours?: number;
}
export class UpdateStaffDto implements UpdateStaffRequest {
  @IsOptional() @IsEnum(StaffRole) role?: StaffRole;
  @IsOptional() @IsBoolean() active?: boolean;
}
export class StoreFilterDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(INT_MAX) storeId?: number;
}

@ApiTags('staff')
@ApiBearerAuth()
@Controller('api/v1/staff')
export class StaffController {
  constructor(
    private readonly invites: StaffInvitesService,
    private readonly sessions: StaffSessionService,
    private readonly staff: StaffService,
    private readonly pins: StaffPinService,
  ) {}

  /** What an invite grants (role, store), shown before the member confirms; throttled like redemption. */
  @Post('invites/preview')
  @HttpCode(200)
  @Throttle('inviteRedeem', 'ip')
  @UseGuards(MemberGuard)
  preview(@Body() body: InvitePreviewDto) {
    return this.invites.preview(body.inviteCode);
  }

  @Put('pin')
  @UseGuards(StaffGuard)
  setPin(@CurrentStaff() s: StaffPrincipal, @Body() body: SetStaffPinDto) {
    return this.pins.set(s, body.pin, body.currentPin);
  }

  @Get('approvers')
  @UseGuards(StaffGuard)
  approvers(@CurrentStaff() s: StaffPrincipal) {
    return this.pins.approvers(s);
  }

  @Post('invites/redeem')
  @HttpCode(200)
  @Throttle('inviteRedeem', 'ip')
  @UseGuards(MemberGuard)
  redeem(@CurrentMember() m: MemberPrincipal, @Body() body: RedeemInviteDto) {
    return this.invites.redeem(m.memberId, body.inviteCode, body.pin);
  }

  @Post('session')
  @HttpCode(200)
  @UseGuards(MemberGuard)
  session(@CurrentMember() m: MemberPrincipal) {
    return this.sessions.forMember(m.memberId);
  }

  @Post('member-lookup')
  @HttpCode(200)
  @Throttle('staffLookup', 'staff') // above the guard: guards run in order and this one counts the clerk
  @UseGuards(StaffGuard)
  lookup(@CurrentStaff() s: StaffPrincipal, @Body() body: MemberLookupDto) {
    return this.staff.lookup(s, body.code);
  }
}

@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(OperatorGuard)
@Controller('api/v1/admin')
export class AdminStaffController {
  constructor(
    private readonly invites: StaffInvitesService,
    private readonly staff: StaffService,
  ) {}

  @Get('staff')
  @Roles(...PERSONAL_DATA_ROLES)
  list(@Query() q: StoreFilterDto, @CurrentOperator() op: OperatorPrincipal) {
    return this.staff.list(q.storeId, op);
  }

  @Patch('staff/:id')
  update(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: UpdateStaffDto,
    @CurrentOperator() op: OperatorPrincipal,
  ) {
    return this.staff.update(id, body, op);
  }

  @Get('staff-invites')
  @Roles(...PERSONAL_DATA_ROLES)
  listInvites(@Query() q: StoreFilterDto, @CurrentOperator() op: OperatorPrincipal) {
    return this.invites.list(q.storeId, op);
  }

  @Post('staff-invites')
  createInvite(@Body() body: CreateStaffInviteDto, @CurrentOperator() op: OperatorPrincipal) {
    return this.invites.create(body, op);
  }
}
