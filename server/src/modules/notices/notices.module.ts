import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { WechatModule } from '../../wechat/wechat.module';
import { MembersModule } from '../members/members.module';
import { AdminNoticesController, AdminNoticesCsvController } from './admin-notices.controller';
import { AdminNoticesService } from './admin-notices.service';
import { MemberNoticesController } from './member-notices.controller';
import { MemberNoticesService } from './member-notices.service';
import { NoticeBatches } from './notice-batches.service';
import { NoticeSender } from './notice-sender.service';
import { NoticeTierHooks } from './notice-tier-hooks';
import { NoticesRepository } from './notices.repository';
import { NoticesService } from './notices.service';

/**
 * Care notices (关怀提醒) through WeChat subscription messages: the consent ledger (grants per member and
 * template, every popup answer), the planner other modules call in their transactions, the one sender, the
 * birthday and win-back batches, and the console's kinds, log and dashboard.
 */
@Module({
  imports: [AuditModule, MembersModule, WechatModule],
  controllers: [MemberNoticesController, AdminNoticesController, AdminNoticesCsvController],
  providers: [
    NoticesRepository,
    NoticesService,
    NoticeSender,
    NoticeBatches,
    NoticeTierHooks,
    MemberNoticesService,
    AdminNoticesService,
  ],
  exports: [NoticesService, NoticeSender, MemberNoticesService],
})
export class NoticesModule {}
