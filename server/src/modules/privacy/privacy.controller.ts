import { Body, Controller, Delete, Get, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentMember } from '../auth/current-principal.decorator';
import { MemberGuard } from '../auth/guards';
import type { MemberPrincipal } from '../auth/token.service';
import { ConsentsService } from './consents.service';
import { DataExportService } from './data-export.service';
import { DeletionService } from './deletion.service';
import { ConsentChangeDto, DataExportTokenParam, DeletionRequestCreateDto, PrivacyConsentDto } from './dto/privacy.dto';

/** The member's own data rights: consents, "我的数据" export, account deletion (注销). */
@ApiTags('member')
@ApiBearerAuth()
@UseGuards(MemberGuard)
@Controller('api/v1/me')
export class MemberPrivacyController {
  constructor(
    private readonly consents: ConsentsService,
    private readonly exports: DataExportService,
    private readonly deletion: DeletionService,
  ) {}

  @Get('privacy')
  overview(@CurrentMember() m: MemberPrincipal) {
    return this.consents.overview(m.memberId);
  }

  // The launch prompt's "同意并继续": answers the profile, as it always has.
  @Post('privacy-consent')
  @HttpCode(200)
  acceptPrivacy(@CurrentMember() m: MemberPrincipal, @Body() body: PrivacyConsentDto) {
    return this.consents.acceptPrivacy(m.memberId, body.version);
  }

  @Post('consents')
  @HttpCode(200)
  change(@CurrentMember() m: MemberPrincipal, @Body() body: ConsentChangeDto) {
    return this.consents.change(m.memberId, body);
  }

  @Post('data-export')
  @HttpCode(200)
  exportData(@CurrentMember() m: MemberPrincipal) {
    return this.exports.createLink(m.memberId);
  }

  @Post('deletion-request')
  @HttpCode(200)
  requestDeletion(@CurrentMember() m: MemberPrincipal, @Body() body: DeletionRequestCreateDto) {
    return this.deletion.request(m.memberId, body.code);
  }

  @Delete('deletion-request')
  cancelDeletion(@CurrentMember() m: MemberPrincipal) {
    return this.deletion.cancel(m.memberId);
  }
}

/** The signed, short-lived download link: no bearer token, so WeChat's downloadFile can fetch it. */
@ApiTags('member')
@Controller('api/v1/data-exports')
export class DataExportDownloadController {
  constructor(private readonly exports: DataExportService) {}

  @Get(':token')
  async download(@Param() { token }: DataExportTokenParam, @Res() res: Response): Promise<void> {
    const file = await this.exports.download(token);
    res
      .status(200)
      .set({
        'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'Content-Disposition': `attachment; filename="member-data.xlsx"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
        'Cache-Control': 'no-store',
      })
      .send(file.body);
  }
}
