import { Injectable } from '@nestjs/common';
import {
  ErrorCode,
  NOTICE_KIND_CATEGORY,
  NOTICE_KIND_LABELS,
  NOTICE_MOMENT_KINDS,
  type NoticeKind,
  type NoticeMoment,
  type NoticePreferenceInput,
  type NoticePrompt,
  type NoticeSubscriptions,
  type SubscribeReport,
} from '@member/shared';
import type { EntityManager } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { Clock } from '../../common/clock';
import { idempotencyScope, IdempotencyService } from '../../common/idempotency/idempotency.service';
import { TransactionRunner } from '../../database/transaction-runner';
import { MARKETING_CONSENT } from './entities/notice-preference.entity';
import { NOTICE_KINDS, NoticesService } from './notices.service';
import { NoticesRepository } from './notices.repository';

// What wx.requestSubscribeMessage answers per template; only these two add a send.
const ACCEPTS = new Set(['accept', 'acceptWithAudio']);
const ANSWERS = new Set(['accept', 'acceptWithAudio', 'reject', 'ban', 'filter']);
// WeChat shows at most 3 templates in one popup (older clients).
const MAX_PER_POPUP = 3;

/** 我的 → 消息提醒: grants left per kind, the member's switches, and what the popups answered. */
@Injectable()
export class MemberNoticesService {
  constructor(
    private readonly notices: NoticesService,
    private readonly repo: NoticesRepository,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly idempotency: IdempotencyService,
  ) {}

  async subscriptions(memberId: number): Promise<NoticeSubscriptions> {
    const [settings, grants, prefs] = await Promise.all([
      this.notices.settings(),
      this.repo.grants(memberId),
      this.repo.preferences([memberId]),
    ]);
    const mine = prefs.get(memberId) ?? new Map<string, boolean>();
    return {
      items: NOTICE_KINDS.map((kind) => {
        const s = settings.get(kind)!;
        return {
          kind,
          label: NOTICE_KIND_LABELS[kind],
          category: NOTICE_KIND_CATEGORY[kind],
          remaining: s.templateId ? (grants.get(s.templateId) ?? 0) : 0,
          enabled: mine.get(kind) ?? true,
          available: !s.paused && s.templateId !== null,
        };
      }),
      marketingConsent: mine.get(MARKETING_CONSENT) ?? false,
      quietHoursText: this.notices.quietHoursText(),
    };
  }

  /** The template ids to ask for at a moment: available kinds the member has not turned off, at most 3. */
  async prompt(memberId: number, moment: NoticeMoment): Promise<NoticePrompt> {
    const kinds = NOTICE_MOMENT_KINDS[moment];
    if (!kinds) throw new AppException(ErrorCode.VALIDATION_FAILED, '未知的订阅时机');
    const [settings, prefs] = await Promise.all([this.notices.settings(), this.repo.preferences([memberId])]);
    const mine = prefs.get(memberId) ?? new Map<string, boolean>();
    const picked: NoticeKind[] = [];
    const templateIds: string[] = [];
    for (const kind of kinds) {
      const s = settings.get(kind)!;
      if (s.paused || !s.templateId || mine.get(kind) === false || templateIds.includes(s.templateId)) continue;
      picked.push(kind);
      templateIds.push(s.templateId);
      if (templateIds.length === MAX_PER_POPUP) break;
    }
    return { moment, templateIds, kinds: picked };
  }

  /**
   * Records what a popup answered: every answer in the consent log, each accept one more send of that
   * template. With a requestId a retried report (lost answer) counts once.
   */
  async report(memberId: number, input: SubscribeReport & { requestId?: string }): Promise<NoticeSubscriptions> {
    const settings = await this.notices.settings();
    const kindOf = new Map<string, NoticeKind>();
    for (const s of settings.values()) if (s.templateId && !kindOf.has(s.templateId)) kindOf.set(s.templateId, s.kind);
    const answers = Object.entries(input.results).filter(([templateId]) => templateId !== 'errMsg');
    const unknown = answers.filter(([templateId]) => !kindOf.has(templateId)).map(([id]) => id);
    if (unknown.length) {
      throw new AppException(ErrorCode.VALIDATION_FAILED, '订阅消息模板不存在或已停用，请刷新后重试', [
        { field: 'results', message: `unknown template ids: ${unknown.join(', ')}` },
      ]);
    }
    const bad = answers.filter(([, answer]) => !ANSWERS.has(answer));
    if (bad.length) {
      throw new AppException(ErrorCode.VALIDATION_FAILED, '订阅结果格式不正确', [
        { field: 'results', message: `unknown answers for ${bad.map(([id]) => id).join(', ')}` },
      ]);
    }
    const work = async (em: EntityManager) => {
      const now = this.clock.now();
      for (const [templateId, answer] of answers) {
        if (ACCEPTS.has(answer)) await this.repo.addGrant(em, memberId, templateId, 1, now);
      }
      await this.repo.logConsent(
        em,
        answers.map(([templateId, answer]) => ({
          memberId,
          templateId,
          kind: kindOf.get(templateId) ?? null,
          moment: input.moment,
          result: answer,
          createdAt: now,
        })),
      );
      return true;
    };
    if (input.requestId) {
      await this.idempotency.run(
        {
          scope: idempotencyScope.member(memberId),
          operation: 'notice-subscribe',
          key: input.requestId,
          request: { moment: input.moment, results: input.results },
        },
        work,
      );
    } else {
      await this.tx.run(work);
    }
    return this.subscriptions(memberId);
  }

  async setPreferences(memberId: number, input: NoticePreferenceInput): Promise<NoticeSubscriptions> {
    const kinds = Object.entries(input.kinds ?? {}) as [NoticeKind, boolean][];
    const unknown = kinds.filter(([kind]) => !NOTICE_KINDS.includes(kind));
    if (unknown.length) {
      throw new AppException(ErrorCode.VALIDATION_FAILED, '提醒类型不存在', [
        { field: 'kinds', message: `unknown kinds: ${unknown.map(([k]) => k).join(', ')}` },
      ]);
    }
    await this.tx.run(async (em) => {
      const now = this.clock.now();
      for (const [kind, enabled] of kinds) await this.repo.setPreference(em, memberId, kind, enabled, now);
      if (input.marketingConsent !== undefined) {
        await this.repo.setPreference(em, memberId, MARKETING_CONSENT, input.marketingConsent, now);
      }
    });
    return this.subscriptions(memberId);
  }
}
