import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  IDEMPOTENCY_KEY_PATTERN,
  IDEMPOTENCY_KEY_RULE,
  MAX_BILL_FEN,
  type WalletConfirmationRequest,
} from '@member/shared';
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { CurrentMember, CurrentStaff } from '../auth/current-principal.decorator';
import { MemberGuard, StaffGuard } from '../auth/guards';
import type { MemberPrincipal, StaffPrincipal } from '../auth/token.service';
import { WalletConfirmationsService } from './wallet-confirmations.service';

export class WalletConfirmationDto implements WalletConfirmationRequest {
  // Byte-exact key (the sale's receipt no.): never trimmed or case-folded.
  @IsString()
  @Matches(IDEMPOTENCY_KEY_PATTERN, { message: `receiptNo 须为 ${IDEMPOTENCY_KEY_RULE}` })
  receiptNo!: string;
  @IsInt() @Min(1) @Max(MAX_BILL_FEN) amountFen!: number;
}

/** The clerk asks the member to confirm a large stored-value charge on their phone, polls, or gives up. */
@ApiTags('staff')
@ApiBearerAuth()
@UseGuards(StaffGuard)
@Controller('api/v1/staff')
export class StaffWalletConfirmationsController {
  constructor(private readonly confirmations: WalletConfirmationsService) {}

  /** Holds the amount and shows the request on the member's card page (201; idempotent per receipt no.). */
  @Post('checkouts/:checkoutId/wallet-confirmations')
  request(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('checkoutId', ParseIntPipe) checkoutId: number,
    @Body() body: WalletConfirmationDto,
  ) {
    return this.confirmations.request(staff, checkoutId, body);
  }

  @Get('wallet-confirmations/:id')
  get(@CurrentStaff() staff: StaffPrincipal, @Param('id', ParseIntPipe) id: number) {
    return this.confirmations.get(staff, id);
  }

  @Post('wallet-confirmations/:id/cancel')
  @HttpCode(200)
  cancel(@CurrentStaff() staff: StaffPrincipal, @Param('id', ParseIntPipe) id: number) {
    return this.confirmations.cancel(staff, id);
  }
}

/** The member's answer to a store's request, from the prompt on their card page. */
@ApiTags('member')
@ApiBearerAuth()
@UseGuards(MemberGuard)
@Controller('api/v1/me/wallet/charge-confirmations')
export class MemberWalletConfirmationsController {
  constructor(private readonly confirmations: WalletConfirmationsService) {}

  @Post(':id/confirm')
  @HttpCode(200)
  confirm(@CurrentMember() m: MemberPrincipal, @Param('id', ParseIntPipe) id: number) {
    return this.confirmations.confirm(m.memberId, id);
  }

  @Post(':id/decline')
  @HttpCode(200)
  decline(@CurrentMember() m: MemberPrincipal, @Param('id', ParseIntPipe) id: number) {
    return this.confirmations.decline(m.memberId, id);
  }
}
