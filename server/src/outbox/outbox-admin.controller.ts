import { Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { OperatorRole } from '@member/shared';
import { CurrentOperator } from '../modules/auth/current-principal.decorator';
import { OperatorGuard, Roles, WRITE_ROLES } from '../modules/auth/guards';
import type { OperatorPrincipal } from '../modules/auth/token.service';
import { OutboxAdminService } from './outbox-admin.service';
import { OutboxQueryDto } from './outbox.dto';

// Analysts read the queue; admins and operators also retry. Store managers do not see it.
const READ_ROLES = [...WRITE_ROLES, OperatorRole.Analyst];

@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(OperatorGuard)
@Controller('api/v1/admin/outbox')
export class OutboxAdminController {
  constructor(private readonly outbox: OutboxAdminService) {}

  @Get()
  @Roles(...READ_ROLES)
  list(@Query() q: OutboxQueryDto) {
    return this.outbox.list(q);
  }

  @Get('kinds')
  @Roles(...READ_ROLES)
  kinds() {
    return this.outbox.kinds();
  }

  @Post(':id/retry')
  @HttpCode(200)
  @Roles(...WRITE_ROLES)
  retry(@CurrentOperator() op: OperatorPrincipal, @Param('id', ParseIntPipe) id: number) {
    return this.outbox.retry(op, id);
  }
}
