import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { csvHeaders } from '../../common/csv';
import { PERSONAL_DATA_ROLES } from '../auth/access-policy';
import { CurrentOperator } from '../auth/current-principal.decorator';
import { OperatorGuard, Roles, WRITE_ROLES } from '../auth/guards';
import type { OperatorPrincipal } from '../auth/token.service';
import { AdminNoticesService } from './admin-notices.service';
import {
  NoticeAdminQueryDto,
  NoticeDashboardQueryDto,
  NoticeKindInputDto,
  NoticeKindParamDto,
  NoticeTestRecipientDto,
  NoticeTestSendDto,
  WinBackDto,
} from './dto/notices.dto';
import { NoticeBatches } from './notice-batches.service';

const stamp = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');

// Every operator role reads kinds, the dashboard and the log (store managers their members' rows, analysts
// totals only); admins and operators change kinds, send tests and start win-back batches.
@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(OperatorGuard)
@Controller('api/v1/admin/notices')
export class AdminNoticesController {
  constructor(
    private readonly notices: AdminNoticesService,
    private readonly batches: NoticeBatches,
  ) {}

  @Get()
  list(@Query() q: NoticeAdminQueryDto, @CurrentOperator() op: OperatorPrincipal) {
    return this.notices.list(q, op);
  }

  @Get('kinds')
  kinds() {
    return this.notices.kinds();
  }

  @Put('kinds/:kind')
  @Roles(...WRITE_ROLES)
  updateKind(
    @Param() p: NoticeKindParamDto,
    @Body() body: NoticeKindInputDto,
    @CurrentOperator() op: OperatorPrincipal,
  ) {
    return this.notices.updateKind(p.kind, body, op);
  }

  @Get('dashboard')
  dashboard(@Query() q: NoticeDashboardQueryDto) {
    return this.notices.dashboard(q.from, q.to);
  }

  @Put('test-recipient')
  @Roles(...WRITE_ROLES)
  testRecipient(@Body() body: NoticeTestRecipientDto, @CurrentOperator() op: OperatorPrincipal) {
    return this.notices.setTestRecipient(body.memberNo, op);
  }

  @Post('test-send')
  @HttpCode(200)
  @Roles(...WRITE_ROLES)
  testSend(@Body() body: NoticeTestSendDto, @CurrentOperator() op: OperatorPrincipal) {
    return this.notices.testSend(body.kind, op);
  }

  /** 会员回访: plans a WIN_BACK notice to every member with no purchase in the last N days. */
  @Post('win-back')
  @HttpCode(200)
  @Roles(...WRITE_ROLES)
  winBack(@Body() body: WinBackDto, @CurrentOperator() op: OperatorPrincipal) {
    return this.batches.winBack(body, op);
  }
}

// Separate controller: the CSV route sits beside the list (…/notices.csv), not under it.
@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(OperatorGuard)
@Controller('api/v1/admin')
export class AdminNoticesCsvController {
  constructor(private readonly notices: AdminNoticesService) {}

  @Get('notices.csv')
  @Roles(...PERSONAL_DATA_ROLES)
  async csv(@Query() q: NoticeAdminQueryDto, @CurrentOperator() op: OperatorPrincipal, @Res() res: Response) {
    res.set(csvHeaders('notices.csv', `提醒发送记录_${stamp()}.csv`));
    await this.notices.csv(q, op, (chunk) => res.write(chunk));
    res.end();
  }
}
