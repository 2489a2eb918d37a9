import { Injectable, Logger } from '@nestjs/common';
import { NOTICE_MOMENT_KINDS, type NoticeKind, type NoticeMoment } from '@member/shared';
import { AppConfig } from '../../config/app-config';
import { Clock } from '../../common/clock';
import { TransactionRunner } from '../../database/transaction-runner';
import { MemberNoticesService } from '../notices/member-notices.service';
import { sampleFacts } from '../notices/notice-samples';
import { NoticeSender } from '../notices/notice-sender.service';
import { NoticesService } from '../notices/notices.service';
import { sandboxControl } from './demo-sandbox';

// Who accepted which reminders in the popups (one accept = one send), per demo openid.
const ACCEPTS: [openid: string, moments: NoticeMoment[], times: number][] = [
  ['demo-member-openid-1', ['TOPUP_PAID', 'COUPON_CLAIMED', 'EVENT_SIGNED_UP', 'MALL_REDEEMED', 'POINTS_PAGE'], 3],
  ['demo-member-openid-2', ['TOPUP_PAID', 'EVENT_SIGNED_UP'], 1],
];

/**
 * 消息提醒 and the console's 发送记录 with something in them: demo members accept reminders through the
 * sandbox popup (and report it as the app does), the first consents to marketing, a few notices are
 * planned beside those the other demo data planned (top-ups, mall orders), and the sender runs once:
 * sent ones land in the members' 服务通知, the rest are skipped with their reason.
 */
@Injectable()
export class DemoNoticesSeed {
  private readonly logger = new Logger('Demo');

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly tx: TransactionRunner,
    private readonly memberNotices: MemberNoticesService,
    private readonly notices: NoticesService,
    private readonly sender: NoticeSender,
  ) {}

  async seed(members: Map<string, number>): Promise<void> {
    const settings = await this.notices.settings();
    for (const [openid, moments, times] of ACCEPTS) {
      const memberId = members.get(openid);
      if (memberId === undefined) continue;
      for (const moment of moments) {
        const templateIds = NOTICE_MOMENT_KINDS[moment]
          .map((k) => settings.get(k)?.templateId)
          .filter((id): id is string => !!id);
        if (!templateIds.length) continue;
        for (let i = 0; i < times; i++) {
          await sandboxControl(this.config, 'wx', 'subscribe', { openid, templateIds, result: 'accept' });
          await this.memberNotices.report(memberId, {
            moment,
            results: Object.fromEntries(templateIds.map((id) => [id, 'accept'])),
          });
        }
      }
    }
    const first = members.get('demo-member-openid-1');
    const second = members.get('demo-member-openid-2');
    if (first !== undefined) await this.memberNotices.setPreferences(first, { marketingConsent: true });
    const now = this.clock.now();
    const facts = sampleFacts(now);
    const plan = async <K extends NoticeKind>(kind: K, memberId: number | undefined, key: string) => {
      if (memberId === undefined) return;
      await this.tx.run((em) =>
        this.notices.plan(em, { kind, memberId, dedupeKey: `demo:${key}`, dueAt: now, facts: facts[kind] }),
      );
    };
    await plan('POINTS_EXPIRING', first, 'points');
    await plan('EVENT_REMINDER', first, 'event');
    await plan('COUPON_EXPIRING', second, 'coupon'); // no grant: skipped as NO_GRANT
    await plan('BIRTHDAY', second, 'birthday'); // no marketing consent: skipped
    const result = await this.sender.drain();
    this.logger.log(
      `Demo data: care notices ${result.sent} sent, ${result.skipped} skipped, ${result.deferred} deferred`,
    );
  }
}
