import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Throttle } from '../../common/rate-limit/throttle.guard';
import {
  IDEMPOTENCY_KEY_PATTERN,
  IDEMPOTENCY_KEY_RULE,
  MAX_BILL_FEN,
  type PurchaseQuoteRequest,
  type PurchaseRequest,
  type RefundRequest,
} from '@member/shared';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { CurrentStaff } from '../auth/current-principal.decorator';
import { StaffBindingCheckedByHandler, StaffGuard } from '../auth/guards';
import type { StaffPrincipal } from '../auth/token.service';
import { PurchasesService } from './purchases.service';
import { RefundsService } from './refunds.service';
import { ShiftSummaryService } from './shift-summary.service';

const KEY_MESSAGE = (field: string) => `${field} 须为 ${IDEMPOTENCY_KEY_RULE}`;

export class PurchaseQuoteDto implements PurchaseQuoteRequest {
  @IsInt() @Min(1) @Max(2_147_483_647) checkoutId!: number;
  @IsInt() @Min(1) @Max(MAX_BILL_FEN) amountFen!: number;
}

export class PurchaseDto extends PurchaseQuoteDto implements PurchaseRequest {
  // Byte-exact idempotency key: never trimmed or case-folded.
  @IsString() @Matches(IDEMPOTENCY_KEY_PATTERN, { message: KEY_MESSAGE('receiptNo') }) receiptNo!: string;
  @IsOptional() @IsInt() @Min(0) @Max(1_000_000_000) pointsToUse?: number;
  @IsOptional() @IsInt() @Min(1) @Max(2_147_483_647) approvalId?: number;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(2_147_483_647, { each: true })
  couponIds?: number[];
  @IsOptional() @IsInt() @Min(0) @Max(MAX_BILL_FEN) walletFen?: number;
  @IsOptional() @IsInt() @Min(1) @Max(2_147_483_647) walletConfirmationId?: number;
}

export class RefundDto implements RefundRequest {
  @IsInt() @Min(1) @Max(MAX_BILL_FEN) amountFen!: number;
  // Required: without it a retried refund could not be told from a second one.
  @IsString() @Matches(IDEMPOTENCY_KEY_PATTERN, { message: KEY_MESSAGE('refundNo') }) refundNo!: string;
}

@ApiTags('staff')
@ApiBearerAuth()
@UseGuards(StaffGuard)
@Controller('api/v1/staff/purchases')
export class StaffPurchasesController {
  constructor(
    private readonly purchases: PurchasesService,
    private readonly refunds: RefundsService,
  ) {}

  @Post('quote')
  @HttpCode(200)
  @Throttle('staffQuote', 'staff')
  quote(@CurrentStaff() staff: StaffPrincipal, @Body() body: PurchaseQuoteDto) {
    return this.purchases.quote(staff, body.checkoutId, body.amountFen);
  }

  @Post()
  @HttpCode(200)
  @StaffBindingCheckedByHandler()
  purchase(@CurrentStaff() staff: StaffPrincipal, @Body() body: PurchaseDto) {
    return this.purchases.purchase(staff, body);
  }

  @Get(':receiptNo')
  refundable(@CurrentStaff() staff: StaffPrincipal, @Param('receiptNo') receiptNo: string) {
    return this.refunds.refundable(staff, receiptNo);
  }

  @Post(':receiptNo/refunds')
  @HttpCode(200)
  refund(@CurrentStaff() staff: StaffPrincipal, @Param('receiptNo') receiptNo: string, @Body() body: RefundDto) {
    return this.refunds.refund(staff, receiptNo, body);
  }
}

@ApiTags('staff')
@ApiBearerAuth()
@UseGuards(StaffGuard)
@Controller('api/v1/staff/shift-summary')
export class ShiftSummaryController {
  constructor(private readonly summary: ShiftSummaryService) {}

  @Get()
  today(@CurrentStaff() staff: StaffPrincipal) {
    return this.summary.today(staff);
  }
}
