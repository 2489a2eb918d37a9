import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { EventInput } from '@member/shared';
import { Clock } from '../../common/clock';
import { AppConfig } from '../../config/app-config';
import type { OperatorPrincipal, StaffPrincipal } from '../auth/token.service';
import { AdminEventsService } from '../events/admin-events.service';
import { EventCheckinsService } from '../events/event-checkins.service';
import { EventPaySyncService } from '../events/event-pay-sync.service';
import { EventPaymentsRepository } from '../events/event-payments.repository';
import { EventNoShowJob } from '../events/event-no-show.job';
import { EventSignupsService } from '../events/event-signups.service';
import { EventsRepository } from '../events/events.repository';
import { DemoMediaSeed } from '../media/demo-media.seed';
import { sandboxControl } from './demo-sandbox';
import type { DemoAttendee } from './demo-surveys.seed';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * 会员活动 for a fresh sandbox, all through the real paths (the operators' service, members' sign-ups and
 * cancellations, the clerk's check-ins, the no-show job): a free tasting with sign-ups, a latte-art class
 * for points with an attendance reward, a VIP evening that is full with two parties waiting (one promoted
 * by a cancellation), a weekly class in four sessions (场次) with their own seats, a paid roasting class (¥39 per
 * person through the sandbox WeChat Pay: one sign-up paid, one still 待支付), and a class that took place three
 * days ago with two check-ins and one no-show.
 */
@Injectable()
export class DemoEventsSeed {
  private readonly logger = new Logger('Demo');

  constructor(private readonly refs: ModuleRef) {}

  private get<T>(type: new (...args: never[]) => T): T {
    return this.refs.get(type, { strict: false });
  }

  /** Returns the past class and who came to it (for the feedback DemoSurveysSeed gives). */
  async seed(
    system: OperatorPrincipal,
    storeId: number,
    members: Map<string, number>,
    clerk: StaffPrincipal,
  ): Promise<{ pastEventId: number; attended: DemoAttendee[] } | null> {
    const admin = this.get(AdminEventsService);
    const signups = this.get(EventSignupsService);
    const clock = this.get(Clock);
    const images = await this.get(DemoMediaSeed).store();
    const at = (ms: number) => new Date(clock.nowMs() + ms).toISOString();
    const body = (over: Partial<EventInput> & Pick<EventInput, 'title'>, startsIn: number): EventInput => ({
      posterIds: [],
      description: '',
      storeId,
      address: null,
      startsAt: at(startsIn),
      endsAt: at(startsIn + 2 * HOUR_MS),
      signupStartsAt: at(-HOUR_MS),
      signupEndsAt: at(startsIn - 2 * HOUR_MS),
      capacity: 12,
      tierCodes: null,
      feeKind: 'FREE',
      feePoints: 0,
      feeFen: 0,
      maxCompanions: 1,
      cancelDeadline: at(startsIn - DAY_MS),
      rewardPoints: 0,
      rewardCouponTemplateId: null,
      ...over,
    });
    const publish = async (input: EventInput) => {
      const created = await admin.create(input, system);
      return admin.publish(created.id, created.version, system);
    };
    const join = async (nickname: string, eventId: number, companions: number, key: string) => {
      const memberId = members.get(nickname);
      if (!memberId) return null;
      const r = await signups.signUp({ kind: 'member', memberId }, eventId, {
        companions,
        requestId: `demo-event-${key}`,
      });
      return { nickname, memberId, signup: r.signup };
    };
    const joinSession = async (nickname: string, eventId: number, sessionId: number, key: string) => {
      const memberId = members.get(nickname);
      if (memberId)
        await signups.signUp({ kind: 'member', memberId }, eventId, {
          companions: 0,
          sessionId,
          requestId: `demo-event-${key}`,
        });
    };

    const tasting = await publish(
      body(
        {
          title: '周末手冲咖啡品鉴会',
          posterIds: [images.latte.id],
          description: '咖啡师带你品尝三款当季单品豆，了解产地与风味。免费参加，可带 1 位同行好友。',
          capacity: 12,
        },
        5 * DAY_MS,
      ),
    );
    await join('陈一鸣', tasting.id, 1, 'tasting-1');
    await join('王珊珊', tasting.id, 0, 'tasting-2');
    await join('赵子轩', tasting.id, 1, 'tasting-3');

    const latteArt = await publish(
      body(
        {
          title: '拉花体验课（积分报名）',
          description: '从打奶泡到心形拉花，一对一指导。每人 300 积分，签到后赠送 50 积分。',
          capacity: 8,
          feeKind: 'POINTS',
          feePoints: 300,
          rewardPoints: 50,
        },
        7 * DAY_MS,
      ),
    );
    await join('陈一鸣', latteArt.id, 0, 'art-1');
    await join('周婷', latteArt.id, 0, 'art-2');

    // Full: two seats taken by one party, three parties waiting; a cancellation promotes the first that fits.
    const vip = await publish(
      body(
        {
          title: '会员专享品鉴之夜',
          description: '限 4 人的小型品鉴晚会，名额已满可加入候补，有人取消时按顺序递补。',
          capacity: 4,
        },
        10 * DAY_MS,
      ),
    );
    await join('周婷', vip.id, 1, 'vip-1');
    await join('陈一鸣', vip.id, 1, 'vip-2');
    await join('林小满', vip.id, 1, 'vip-3');
    await join('王珊珊', vip.id, 0, 'vip-4');
    await join('赵子轩', vip.id, 1, 'vip-5');
    const leaving = members.get('周婷');
    if (leaving)
      await signups.cancel({ kind: 'member', memberId: leaving }, vip.id, { requestId: 'demo-event-vip-cancel' });

    // Every Saturday for four weeks, 6 seats a session: members pick the sessions they come to.
    const saturday = 3 * DAY_MS;
    const weekly = await publish(
      body(
        {
          title: '周六手冲练习课（每周）',
          description: '连续四周的周六练习课，每场 6 人，可按场次分别报名。',
          capacity: 6,
          signupEndsAt: at(saturday + 21 * DAY_MS),
          cancelDeadline: at(saturday - DAY_MS),
          sessions: [0, 1, 2, 3].map((week) => ({
            startsAt: at(saturday + week * 7 * DAY_MS),
            endsAt: at(saturday + week * 7 * DAY_MS + 2 * HOUR_MS),
            capacity: 6,
          })),
        },
        saturday,
      ),
    );
    const [first, second] = (await this.get(EventsRepository).sessionsOf(weekly.id)).map((x) => x.id);
    await joinSession('陈一鸣', weekly.id, first, 'weekly-1');
    await joinSession('林小满', weekly.id, first, 'weekly-2');
    await joinSession('陈一鸣', weekly.id, second, 'weekly-3');

    // A cash fee through the sandbox WeChat Pay: 王珊珊 paid (confirmed by the notification), 赵子轩 has yet to.
    const roasting = await publish(
      body(
        {
          title: '咖啡烘焙体验课（付费）',
          description: '烘焙师带你从生豆开始烘一锅属于自己的咖啡豆，每人 ¥39，微信支付报名。',
          capacity: 10,
          feeKind: 'CASH',
          feeFen: 3_900,
        },
        6 * DAY_MS,
      ),
    );
    const paying = await join('王珊珊', roasting.id, 0, 'roast-1');
    await join('赵子轩', roasting.id, 0, 'roast-2');
    if (paying) await this.payFee(paying.signup.id);

    // Three days ago (the sandbox clock moved back): a class with sign-ups, two checked in at the door.
    const back = 3 * DAY_MS + 4 * HOUR_MS;
    clock.advance(-back / 1000);
    const attended: DemoAttendee[] = [];
    let pastEventId: number | null = null;
    try {
      const past = await publish(
        body({ title: '手冲入门小课堂', description: '一小时手冲入门，器具现场提供。', rewardPoints: 20 }, 3 * HOUR_MS),
      );
      pastEventId = past.id;
      const tickets = [
        await join('陈一鸣', past.id, 0, 'past-1'),
        await join('林小满', past.id, 1, 'past-2'),
        await join('王珊珊', past.id, 0, 'past-3'),
      ];
      clock.advance((2.5 * HOUR_MS) / 1000);
      for (const [i, t] of tickets.slice(0, 2).entries()) {
        if (!t?.signup.ticketQr) continue;
        await this.get(EventCheckinsService).checkIn(clerk, {
          code: t.signup.ticketQr,
          requestId: `demo-event-door-${i}`,
        });
        attended.push({ nickname: t.nickname, memberId: t.memberId, signupId: t.signup.id });
      }
    } finally {
      clock.advance((back - 2.5 * HOUR_MS) / 1000);
    }
    const swept = await this.get(EventNoShowJob).sweep();
    this.logger.log(`Demo data: 会员活动 6 events, ${attended.length} check-ins, ${swept.noShows} no-show`);
    return pastEventId === null ? null : { pastEventId, attended };
  }

  /**
   * The member pays in the sandbox; the fee is settled by the sync's query (the path a lost notification takes),
   * so the sign-up is confirmed when this returns whichever arrives first.
   */
  private async payFee(signupId: number): Promise<void> {
    const payment = await this.get(EventPaymentsRepository).bySignup(signupId);
    if (!payment) return;
    await sandboxControl(this.get(AppConfig), 'pay', `transactions/${payment.outTradeNo}/pay`, {});
    await this.get(EventPaySyncService).syncOne(payment);
  }
}
