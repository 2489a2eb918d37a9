import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Throttle } from '../../common/rate-limit/throttle.guard';
import type { CardActivityQuery, OpenCheckoutRequest } from '@member/shared';
import { Type } from 'class-transformer';
import { IsISO8601, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { CurrentMember, CurrentStaff } from '../auth/current-principal.decorator';
import { MemberGuard, StaffGuard } from '../auth/guards';
import type { MemberPrincipal, StaffPrincipal } from '../auth/token.service';
import { CardActivityService } from './card-activity.service';
import { CheckoutsService } from './checkouts.service';

export class OpenCheckoutDto implements OpenCheckoutRequest {
  @IsString() @Length(1, 32) memberCode!: string;
}

export class CardActivityQueryDto implements CardActivityQuery {
  @IsISO8601({ strict: true }) since!: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(2_147_483_647) checkoutId?: number;
}

@ApiTags('staff')
@ApiBearerAuth()
@UseGuards(StaffGuard)
@Controller('api/v1/staff/checkouts')
export class StaffCheckoutsController {
  constructor(private readonly checkouts: CheckoutsService) {}

  @Post()
  @Throttle('staffLookup', 'staff') // a scan shows the member like a lookup, and counts as one
  open(@CurrentStaff() staff: StaffPrincipal, @Body() body: OpenCheckoutDto) {
    return this.checkouts.open(staff, body.memberCode);
  }

  @Get(':id')
  get(@CurrentStaff() staff: StaffPrincipal, @Param('id', ParseIntPipe) id: number) {
    return this.checkouts.get(staff, id);
  }
}

@ApiTags('member')
@ApiBearerAuth()
@UseGuards(MemberGuard)
@Controller('api/v1/me/card/activity')
export class CardActivityController {
  constructor(private readonly activity: CardActivityService) {}

  @Get()
  since(@CurrentMember() m: MemberPrincipal, @Query() q: CardActivityQueryDto) {
    return this.activity.since(m.memberId, new Date(q.since), q.checkoutId);
  }
}
