import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { PERSONAL_DATA_ROLES } from '../auth/access-policy';
import { CurrentOperator, CurrentStaff } from '../auth/current-principal.decorator';
import { OperatorGuard, Roles, StaffGuard } from '../auth/guards';
import type { OperatorPrincipal, StaffPrincipal } from '../auth/token.service';
import { FollowUpQueryDto, FollowUpResolveDto, FollowUpStartDto } from './dto/surveys.dto';
import { FollowUpTasksService } from './follow-up-tasks.service';

// Follow-up tasks name the member and quote their comment: operator roles that see personal data list and
// handle them (store managers their store's); analysts do not.
@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(OperatorGuard)
@Roles(...PERSONAL_DATA_ROLES)
@Controller('api/v1/admin/survey-tasks')
export class AdminFollowUpTasksController {
  constructor(private readonly tasks: FollowUpTasksService) {}

  @Get()
  list(@Query() q: FollowUpQueryDto, @CurrentOperator() op: OperatorPrincipal) {
    return this.tasks.list(q, { kind: 'operator', op });
  }

  @Post(':id/start')
  @HttpCode(200)
  start(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FollowUpStartDto,
    @CurrentOperator() op: OperatorPrincipal,
  ) {
    return this.tasks.start(id, body, { kind: 'operator', op });
  }

  @Post(':id/resolve')
  @HttpCode(200)
  resolve(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FollowUpResolveDto,
    @CurrentOperator() op: OperatorPrincipal,
  ) {
    return this.tasks.resolve(id, body, { kind: 'operator', op });
  }
}

// Staff of an active store handle their own store's tasks only.
@ApiTags('staff')
@ApiBearerAuth()
@UseGuards(StaffGuard)
@Controller('api/v1/staff/survey-tasks')
export class StaffFollowUpTasksController {
  constructor(private readonly tasks: FollowUpTasksService) {}

  @Get()
  list(@Query() q: FollowUpQueryDto, @CurrentStaff() staff: StaffPrincipal) {
    return this.tasks.list(q, { kind: 'staff', staff });
  }

  @Post(':id/start')
  @HttpCode(200)
  start(@Param('id', ParseIntPipe) id: number, @Body() body: FollowUpStartDto, @CurrentStaff() staff: StaffPrincipal) {
    return this.tasks.start(id, body, { kind: 'staff', staff });
  }

  @Post(':id/resolve')
  @HttpCode(200)
  resolve(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FollowUpResolveDto,
    @CurrentStaff() staff: StaffPrincipal,
  ) {
    return this.tasks.resolve(id, body, { kind: 'staff', staff });
  }
}
