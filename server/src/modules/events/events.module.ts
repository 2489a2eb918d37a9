import { Module } from '@nestjs/common';
import { LedgerModule } from '../../ledger/ledger.module';
import { WechatModule } from '../../wechat/wechat.module';
import { CouponsModule } from '../coupons/coupons.module';
import { MediaModule } from '../media/media.module';
import { MembersModule } from '../members/members.module';
import { NoticesModule } from '../notices/notices.module';
import { PaymentsModule } from '../payments/payments.module';
import { TiersModule } from '../tiers/tiers.module';
import { WalletModule } from '../wallet/wallet.module';
import { AdminEventRefundsController } from './admin-event-refunds.controller';
import { AdminEventSignupsService } from './admin-event-signups.service';
import { AdminEventsController } from './admin-events.controller';
import { AdminEventsService } from './admin-events.service';
import { EventCheckinsService } from './event-checkins.service';
import { EventFees } from './event-fees';
import { EventNoShowJob } from './event-no-show.job';
import { EventNoticesJob } from './event-notices.job';
import { EventPayOwner } from './event-pay-owner';
import { EventPaySyncService } from './event-pay-sync.service';
import { EventPaymentsRepository } from './event-payments.repository';
import { EventPaymentsService } from './event-payments.service';
import { EventRefundsService } from './event-refunds.service';
import { EventReads } from './event-reads';
import { EventRules } from './event-rules';
import { EventSessionsEditor } from './event-sessions-editor';
import { EventSignupsService } from './event-signups.service';
import { EventWaitlist } from './event-waitlist.service';
import { EventsRepository } from './events.repository';
import { MemberEventsController } from './member-events.controller';
import { MemberEventsService } from './member-events.service';
import { StaffEventsController } from './staff-events.controller';

/**
 * Member events (会员活动): operators publish events, members sign up (seats by guarded updates, a waitlist
 * in arrival order, promotion on cancellation), staff check tickets in at the door and credit the attendance
 * reward, and a job records no-shows after each event. Cash fees go through WeChat Pay (payment with a
 * deadline, seats held until then, refunds and the shipping upload, through modules/payments with
 * EventPayOwner saying what they mean here; the 'E' notification route).
 */
@Module({
  imports: [
    LedgerModule,
    TiersModule,
    CouponsModule,
    MembersModule,
    MediaModule,
    WalletModule,
    WechatModule,
    NoticesModule,
    PaymentsModule,
  ],
  controllers: [MemberEventsController, StaffEventsController, AdminEventsController, AdminEventRefundsController],
  providers: [
    EventsRepository,
    EventRules,
    EventFees,
    EventReads,
    EventWaitlist,
    EventSessionsEditor,
    EventSignupsService,
    MemberEventsService,
    AdminEventsService,
    AdminEventSignupsService,
    EventCheckinsService,
    EventNoShowJob,
    EventNoticesJob,
    EventPaymentsRepository,
    EventPaymentsService,
    EventRefundsService,
    EventPayOwner,
    EventPaySyncService,
  ],
  exports: [AdminEventsService, EventSignupsService, EventCheckinsService],
})
export class EventsModule {}
