import { Body, Controller, Get, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentMember } from '../auth/current-principal.decorator';
import { MemberGuard } from '../auth/guards';
import type { MemberPrincipal } from '../auth/token.service';
import { TopupRequestDto, WalletHistoryQueryDto } from './dto/wallet.dto';
import { MemberWalletService } from './member-wallet.service';
import { TopupsService } from './topups.service';

@ApiTags('member')
@ApiBearerAuth()
@UseGuards(MemberGuard)
@Controller('api/v1/me/wallet')
export class MemberWalletController {
  constructor(
    private readonly wallet: MemberWalletService,
    private readonly topups: TopupsService,
  ) {}

  @Get()
  summary(@CurrentMember() m: MemberPrincipal) {
    return this.wallet.summary(m.memberId);
  }

  @Post('topups')
  create(@CurrentMember() m: MemberPrincipal, @Body() body: TopupRequestDto) {
    return this.topups.create(m, body);
  }

  @Get('topups/:outTradeNo')
  topup(@CurrentMember() m: MemberPrincipal, @Param('outTradeNo') outTradeNo: string) {
    return this.topups.mine(m.memberId, outTradeNo);
  }

  @Get('history')
  history(@CurrentMember() m: MemberPrincipal, @Query() q: WalletHistoryQueryDto) {
    return this.wallet.history(m.memberId, q);
  }
}
