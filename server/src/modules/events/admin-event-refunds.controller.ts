import { Body, Controller, HttpCode, Param, ParseIntPipe, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { PayRefundRetryResult } from '@member/shared';
import { CurrentOperator } from '../auth/current-principal.decorator';
import { OperatorGuard, Roles, WRITE_ROLES } from '../auth/guards';
import type { OperatorPrincipal } from '../auth/token.service';
import { PayRefundRetryDto } from '../payments/dto/pay-refund-retry.dto';
import { EventRefundsService } from './event-refunds.service';

// Money goes out again: brand-level, like refunds of stored value (no store managers, no analysts).
@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(OperatorGuard)
@Controller('api/v1/admin/events')
export class AdminEventRefundsController {
  constructor(private readonly refunds: EventRefundsService) {}

  /** 重新退款 of a sign-up's cash fee whose refund WeChat closed (or refused outright). */
  @Post(':id/signups/:signupId/refund/retry')
  @HttpCode(200)
  @Roles(...WRITE_ROLES)
  retryRefund(
    @Param('id', ParseIntPipe) id: number,
    @Param('signupId', ParseIntPipe) signupId: number,
    @Body() body: PayRefundRetryDto,
    @CurrentOperator() op: OperatorPrincipal,
  ): Promise<PayRefundRetryResult> {
    return this.refunds.retry(id, signupId, body, op);
  }
}
