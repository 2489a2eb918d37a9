import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentStaff } from '../auth/current-principal.decorator';
import { StaffGuard } from '../auth/guards';
import type { StaffPrincipal } from '../auth/token.service';
import { EventCheckinDto, EventWalkInDto, StaffEventCountersQueryDto } from './dto/events.dto';
import { EventCheckinsService } from './event-checkins.service';

// Staff of an active store, themselves active (StaffGuard); every route acts on the clerk's own store only.
@ApiTags('staff')
@ApiBearerAuth()
@UseGuards(StaffGuard)
@Controller('api/v1/staff/events')
export class StaffEventsController {
  constructor(private readonly checkins: EventCheckinsService) {}

  @Get('today')
  today(@CurrentStaff() staff: StaffPrincipal) {
    return this.checkins.today(staff);
  }

  /** The event's counters, or one session's (?sessionId=). */
  @Get(':id/counters')
  counters(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', ParseIntPipe) id: number,
    @Query() q: StaffEventCountersQueryDto,
  ) {
    return this.checkins.counters(staff, id, q.sessionId);
  }

  @Post('checkins')
  @HttpCode(200)
  checkIn(@CurrentStaff() staff: StaffPrincipal, @Body() body: EventCheckinDto) {
    return this.checkins.checkIn(staff, body);
  }

  @Post(':id/walk-ins')
  walkIn(@CurrentStaff() staff: StaffPrincipal, @Param('id', ParseIntPipe) id: number, @Body() body: EventWalkInDto) {
    return this.checkins.walkIn(staff, id, body);
  }
}
