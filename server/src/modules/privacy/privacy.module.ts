import { Module } from '@nestjs/common';
import { LedgerModule } from '../../ledger/ledger.module';
import { WechatModule } from '../../wechat/wechat.module';
import { MembersModule } from '../members/members.module';
import { ConsentsService } from './consents.service';
import { DataExportService } from './data-export.service';
import { DeletionService } from './deletion.service';
import { MemberDataRepository } from './member-data.repository';
import { MemberErasureJob } from './member-erasure.job';
import { PrivacyAdminController } from './privacy-admin.controller';
import { DataExportDownloadController, MemberPrivacyController } from './privacy.controller';
import { PrivacyRepository } from './privacy.repository';

/** Member data rights (PIPL): consent history, "我的数据" export, account deletion and erasure. */
@Module({
  imports: [MembersModule, LedgerModule, WechatModule],
  controllers: [MemberPrivacyController, DataExportDownloadController, PrivacyAdminController],
  providers: [
    PrivacyRepository,
    MemberDataRepository,
    ConsentsService,
    DataExportService,
    DeletionService,
    MemberErasureJob,
  ],
  exports: [ConsentsService],
})
export class PrivacyModule {}
