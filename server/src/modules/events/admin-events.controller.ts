import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Put, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { csvHeaders } from '../../common/csv';
import { PERSONAL_DATA_ROLES } from '../auth/access-policy';
import { CurrentOperator } from '../auth/current-principal.decorator';
import { OperatorGuard, Roles, WRITE_ROLES } from '../auth/guards';
import type { OperatorPrincipal } from '../auth/token.service';
import { AdminEventSignupsService } from './admin-event-signups.service';
import { AdminEventsService } from './admin-events.service';
import {
  EventAdminQueryDto,
  EventCancelDto,
  EventInputDto,
  EventSignupAdminQueryDto,
  EventVersionDto,
  UpdateEventDto,
} from './dto/events.dto';

const stamp = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');

// Every operator role reads events (store managers their store's, analysts sign-up totals only); admins
// and operators change them.
@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(OperatorGuard)
@Controller('api/v1/admin/events')
export class AdminEventsController {
  constructor(
    private readonly events: AdminEventsService,
    private readonly signups: AdminEventSignupsService,
  ) {}

  @Get()
  list(@Query() q: EventAdminQueryDto, @CurrentOperator() op: OperatorPrincipal) {
    return this.events.list(q, op);
  }

  @Get(':id')
  get(@Param('id', ParseIntPipe) id: number, @CurrentOperator() op: OperatorPrincipal) {
    return this.events.get(id, op);
  }

  @Get(':id/counters')
  counters(@Param('id', ParseIntPipe) id: number, @CurrentOperator() op: OperatorPrincipal) {
    return this.events.counters(id, op);
  }

  @Get(':id/signups')
  signupList(
    @Param('id', ParseIntPipe) id: number,
    @Query() q: EventSignupAdminQueryDto,
    @CurrentOperator() op: OperatorPrincipal,
  ) {
    return this.signups.list(id, q, op);
  }

  @Get(':id/signups.csv')
  @Roles(...PERSONAL_DATA_ROLES)
  async signupCsv(
    @Param('id', ParseIntPipe) id: number,
    @Query() q: EventSignupAdminQueryDto,
    @CurrentOperator() op: OperatorPrincipal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const csv = await this.signups.csv(id, q, op);
    res.set(csvHeaders(`event-${id}-signups.csv`, `活动报名_${id}_${stamp()}.csv`));
    return csv;
  }

  @Post()
  @Roles(...WRITE_ROLES)
  create(@Body() body: EventInputDto, @CurrentOperator() op: OperatorPrincipal) {
    return this.events.create(body, op);
  }

  @Put(':id')
  @Roles(...WRITE_ROLES)
  update(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: UpdateEventDto,
    @CurrentOperator() op: OperatorPrincipal,
  ) {
    return this.events.update(id, body, op);
  }

  @Post(':id/publish')
  @HttpCode(200)
  @Roles(...WRITE_ROLES)
  publish(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: EventVersionDto,
    @CurrentOperator() op: OperatorPrincipal,
  ) {
    return this.events.publish(id, body.version, op);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles(...WRITE_ROLES)
  close(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: EventVersionDto,
    @CurrentOperator() op: OperatorPrincipal,
  ) {
    return this.events.close(id, body.version, op);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles(...WRITE_ROLES)
  cancel(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: EventCancelDto,
    @CurrentOperator() op: OperatorPrincipal,
  ) {
    return this.events.cancel(id, body.version, body.reason, op);
  }
}
