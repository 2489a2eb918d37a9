import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { SurveyAnswer } from '@member/shared';
import { Clock } from '../../common/clock';
import type { OperatorPrincipal } from '../auth/token.service';
import { AdminSurveysService } from '../surveys/admin-surveys.service';
import { FeedbackRequestsJob } from '../surveys/feedback-requests.job';
import { MemberSurveysService } from '../surveys/member-surveys.service';

const DAY_MS = 24 * 3_600_000;

/** A past event's attendee, as DemoEventsSeed checked them in. */
export interface DemoAttendee {
  nickname: string;
  memberId: number;
  signupId: number;
}

/**
 * 活动评价 and 满意度调查 for a fresh sandbox, through the real paths: the feedback-request job plans the
 * invitations for the past class, one attendee rates it 5 and one rates it 2 (which opens a 回访工单 for the
 * store), and an NPS survey goes to every member with three answers (a promoter, a passive, a detractor).
 */
@Injectable()
export class DemoSurveysSeed {
  private readonly logger = new Logger('Demo');

  constructor(private readonly refs: ModuleRef) {}

  private get<T>(type: new (...args: never[]) => T): T {
    return this.refs.get(type, { strict: false });
  }

  async seed(system: OperatorPrincipal, pastEventId: number, attended: DemoAttendee[], members: Map<string, number>) {
    const answers = this.get(MemberSurveysService);
    await this.get(FeedbackRequestsJob).run();
    const feedback = await this.get(AdminSurveysService).forEvent(pastEventId, system);
    const ratings: { rating: number; tags: string[]; comment: string }[] = [
      { rating: 5, tags: ['内容丰富', '服务热情'], comment: '老师讲得很细，手冲壶也可以现场试用，下次还来。' },
      { rating: 2, tags: [], comment: '开始晚了二十分钟，座位也有点挤。' },
    ];
    for (const [i, a] of attended.entries()) {
      const r = ratings[i % ratings.length];
      const given: SurveyAnswer[] = [
        { questionId: 'rating', value: r.rating },
        { questionId: 'tags', value: r.tags },
        { questionId: 'comment', value: r.comment },
      ];
      await answers.submit({ kind: 'member', memberId: a.memberId }, feedback.id, {
        signupId: a.signupId,
        answers: given,
        requestId: `demo-feedback-${a.signupId}`,
      });
    }

    const nps = await this.get(AdminSurveysService).createNps(
      {
        title: '冬季会员满意度调查',
        target: { kind: 'ALL' },
        questions: [],
        closesAt: new Date(this.get(Clock).nowMs() + 14 * DAY_MS).toISOString(),
        requestId: 'demo-nps-winter',
      },
      system,
    );
    const scores: [string, number, string][] = [
      ['陈一鸣', 10, '咖啡稳定好喝，积分也很实用。'],
      ['王珊珊', 8, ''],
      ['赵子轩', 5, '周末排队太久了。'],
    ];
    let npsAnswers = 0;
    for (const [nickname, score, comment] of scores) {
      const memberId = members.get(nickname);
      if (!memberId) continue;
      await answers.submit({ kind: 'member', memberId }, nps.id, {
        answers: [{ questionId: 'nps', value: score }, ...(comment ? [{ questionId: 'comment', value: comment }] : [])],
        requestId: `demo-nps-${memberId}`,
      });
      npsAnswers++;
    }
    this.logger.log(`Demo data: 活动评价 ${attended.length} answers, 满意度调查 ${npsAnswers} answers`);
  }
}
