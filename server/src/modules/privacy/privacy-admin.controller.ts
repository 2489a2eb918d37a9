import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { csvHeaders } from '../../common/csv';
import { CurrentOperator } from '../auth/current-principal.decorator';
import { OperatorGuard, Roles, WRITE_ROLES } from '../auth/guards';
import type { OperatorPrincipal } from '../auth/token.service';
import { ConsentsService } from './consents.service';
import { DeletionService } from './deletion.service';
import { DeletionRejectDto, DeletionRequestQueryDto } from './dto/privacy.dto';

// Member-level personal data across the brand (access-policy.ts): neither analysts (aggregates only) nor
// store managers (their store's members) see deletion requests or consent histories.
const READ_ROLES = WRITE_ROLES;

@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(OperatorGuard)
@Controller('api/v1/admin')
export class PrivacyAdminController {
  constructor(
    private readonly deletion: DeletionService,
    private readonly consents: ConsentsService,
  ) {}

  @Get('deletion-requests')
  @Roles(...READ_ROLES)
  list(@Query() query: DeletionRequestQueryDto) {
    return this.deletion.list(query);
  }

  @Get('deletion-requests/export')
  @Roles(...READ_ROLES)
  async exportCsv(
    @Query() query: DeletionRequestQueryDto,
    @CurrentOperator() op: OperatorPrincipal,
    @Res() res: Response,
  ): Promise<void> {
    const csv = await this.deletion.csv(query, op);
    const name = `注销申请_${new Date().toISOString().slice(0, 10).replace(/-/g, '')}.csv`;
    res.status(200).set(csvHeaders('deletion-requests.csv', name)).send(csv);
  }

  @Post('deletion-requests/:id/process')
  @HttpCode(200)
  @Roles(...WRITE_ROLES)
  process(@Param('id', ParseIntPipe) id: number, @CurrentOperator() op: OperatorPrincipal) {
    return this.deletion.process(id, op);
  }

  @Post('deletion-requests/:id/reject')
  @HttpCode(200)
  @Roles(...WRITE_ROLES)
  reject(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: DeletionRejectDto,
    @CurrentOperator() op: OperatorPrincipal,
  ) {
    return this.deletion.reject(id, body.reason, op);
  }

  @Get('members/:id/privacy')
  @Roles(...READ_ROLES)
  memberPrivacy(@Param('id', ParseIntPipe) id: number) {
    return this.consents.adminView(id);
  }
}
