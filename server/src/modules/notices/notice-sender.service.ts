import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ActorType, AuditAction, NOTICE_KIND_CATEGORY, type NoticeKind, type NoticeReason } from '@member/shared';
import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../common/clock';
import { AppConfig } from '../../config/app-config';
import { TransactionRunner } from '../../database/transaction-runner';
import { JobRegistry } from '../../jobs/job-registry';
import { WechatApiClient } from '../../wechat/wechat-api.client';
import { WechatApiError } from '../../wechat/wechat-api.error';
import { AuditService } from '../audit/audit.service';
import { MemberDirectory } from '../members/member-directory';
import { MARKETING_CONSENT } from './entities/notice-preference.entity';
import type { NoticeRow } from './entities/notice.entity';
import { nextMorning, quietUntil, shanghaiMidnight } from './notice-quiet-hours';
import { MARKETING_KINDS, NoticesService, type NoticeKindSetting } from './notices.service';
import { NoticesRepository } from './notices.repository';

export interface SendRunResult {
  claimed: number;
  sent: number;
  skipped: number;
  deferred: number;
  failed: number;
  unknown: number;
  /** SENDING rows found past the timeout and marked UNKNOWN. */
  swept: number;
}

// Refused for good because of our template or data: stop the kind until an operator fixes it.
const CONFIG_ERRORS = new Set([47003, 40037, 41030]);
// WeChat is busy or we are over a quota (40001/42001 left after the client's one refresh-and-retry too).
const BACK_OFF = new Set([45009, 45011, -1, 40001, 42001]);
const NO_GRANT = 43101;
const WEEK_MS = 7 * 86_400_000;
// Notices taken to SENDING in one transaction (and settled in one): a worker that dies between the two
// leaves at most this many UNKNOWN, while a 100,000-member batch commits 1/GROUP as often.
const GROUP = 20;

/** Marketing notices per member that count against the caps (read once per batch, kept up to date in it). */
interface Caps {
  today: Map<number, number>;
  week: Map<number, number>;
}

/** What the checks before any grant decide for one notice. */
type Decision =
  | { kind: 'skip'; reason: NoticeReason }
  | { kind: 'defer'; reason: NoticeReason; dueAt: Date }
  | { kind: 'send'; templateId: string; openid: string };

/** One notice of a group after its call (or without one, when the group stopped before it). */
interface Call {
  row: NoticeRow;
  templateId: string;
  /** undefined: delivered; an error: refused or no answer; 'not-called' with why. */
  error?: unknown;
  notCalled?: 'backoff' | 'paused';
}

type Counts = Omit<SendRunResult, 'claimed' | 'swept'>;

/**
 * The one engine that sends care notices. Each run sweeps lost sends (SENDING past the timeout → UNKNOWN),
 * claims a small batch of due notices, and for each checks the kind, send-by, member, preference, marketing
 * consent, quiet hours and caps. Then, a group at a time: one transaction takes each notice to SENDING and
 * takes one grant (none → SKIPPED NO_GRANT); only after it commits is subscribe/send called — once per
 * notice; one more transaction records the answers. A run is safe to race with other nodes: claims and
 * every status move are guarded updates.
 */
@Injectable()
export class NoticeSender implements OnModuleInit {
  static readonly JOB = 'notices-sender';
  private readonly log = new Logger(NoticeSender.name);
  // Earliest moment (real time) the next call may go out on this node: sendsPerSecond spacing.
  private nextSlotMs = 0;

  constructor(
    private readonly repo: NoticesRepository,
    private readonly notices: NoticesService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly wechat: WechatApiClient,
    private readonly members: MemberDirectory,
    private readonly audit: AuditService,
    private readonly jobs: JobRegistry,
  ) {}

  onModuleInit(): void {
    if (!this.config.notices.enabled) return;
    this.jobs.register({
      name: NoticeSender.JOB,
      schedule: { kind: 'interval', seconds: this.config.notices.senderIntervalSeconds },
      run: () => this.drain(),
    });
  }

  /** Runs batches until nothing is due (or WeChat asks us to back off). */
  async drain(maxBatches = 1000): Promise<SendRunResult> {
    const total: SendRunResult = { claimed: 0, sent: 0, skipped: 0, deferred: 0, failed: 0, unknown: 0, swept: 0 };
    for (let i = 0; i < maxBatches; i++) {
      const r = await this.runOnce();
      for (const key of Object.keys(total) as (keyof SendRunResult)[]) total[key] += r[key];
      if (r.claimed === 0 || r.stoppedEarly) break;
    }
    return total;
  }

  /**
   * Sends one notice now (a console test-send): same checks and grant as any notice, except that a test
   * ignores marketing consent, quiet hours and caps — the operator asked for it on their own WeChat.
   */
  async sendNow(id: number): Promise<void> {
    const now = this.clock.now();
    const token = randomBytes(12).toString('hex');
    const until = new Date(now.getTime() + this.config.notices.claimSeconds * 1000);
    if (!(await this.tx.run((em) => this.repo.claimOne(em, id, token, until)))) return;
    try {
      const rows = await this.repo.claimed(token);
      if (!rows.length) return;
      await this.batch(rows, token, emptyCounts(), true);
    } finally {
      await this.repo.release(token);
    }
  }

  /** One batch. */
  async runOnce(): Promise<SendRunResult & { stoppedEarly: boolean }> {
    const cfg = this.config.notices;
    const now = this.clock.now();
    const swept = await this.repo.sweepUnknown(new Date(now.getTime() - cfg.sendingTimeoutSeconds * 1000), now);
    const token = randomBytes(12).toString('hex');
    await this.tx.run((em) =>
      this.repo.claim(em, now, cfg.batchSize, token, new Date(now.getTime() + cfg.claimSeconds * 1000)),
    );
    const rows = await this.repo.claimed(token);
    const counts = emptyCounts();
    let stoppedEarly = false;
    if (rows.length) {
      try {
        stoppedEarly = await this.batch(rows, token, counts, false);
      } finally {
        await this.repo.release(token);
      }
    }
    return { claimed: rows.length, swept, ...counts, stoppedEarly };
  }

  /** Checks, then groups; true when WeChat asked us to back off (the rest of the batch waits). */
  private async batch(rows: NoticeRow[], token: string, counts: Counts, test: boolean): Promise<boolean> {
    const now = this.clock.now();
    const settings = await this.notices.settings();
    const memberIds = rows.map((r) => r.memberId);
    const marketing = rows.filter((r) => NOTICE_KIND_CATEGORY[r.kind] === 'MARKETING').map((r) => r.memberId);
    const [recipients, prefs, today, week] = await Promise.all([
      this.members.noticeRecipients(memberIds),
      this.repo.preferences(memberIds),
      this.repo.marketingCounts(marketing, MARKETING_KINDS, shanghaiMidnight(now)),
      this.repo.marketingCounts(marketing, MARKETING_KINDS, new Date(now.getTime() - WEEK_MS)),
    ]);
    const caps: Caps = { today, week };
    for (let i = 0; i < rows.length; i += GROUP) {
      const group = rows.slice(i, i + GROUP);
      // Decided one by one so that a member's second marketing notice in the batch sees the first.
      const decisions = group.map((row) => ({
        row,
        decision: this.check(
          row,
          settings.get(row.kind)!,
          recipients.get(row.memberId),
          prefs.get(row.memberId),
          caps,
          test,
        ),
      }));
      if (await this.group(decisions, token, settings, counts)) return true;
    }
    return false;
  }

  /** The checks that need no grant (pure: reads the batch's caches, counts a marketing send in `caps`). */
  private check(
    row: NoticeRow,
    setting: NoticeKindSetting,
    recipient: { openid: string; status: string } | undefined,
    prefs: Map<string, boolean> | undefined,
    caps: Caps,
    test: boolean,
  ): Decision {
    const cfg = this.config.notices;
    const now = this.clock.now();
    if (setting.paused) return { kind: 'skip', reason: 'KIND_PAUSED' };
    if (!setting.templateId) return { kind: 'skip', reason: 'NO_TEMPLATE' };
    if (row.sendBy && row.sendBy.getTime() < now.getTime()) return { kind: 'skip', reason: 'PAST_SEND_BY' };
    if (!recipient || recipient.status !== 'active') return { kind: 'skip', reason: 'MEMBER_GONE' };
    if (!recipient.openid) return { kind: 'skip', reason: 'NO_OPENID' };
    if (!test && prefs?.get(row.kind) === false) return { kind: 'skip', reason: 'PREFERENCE_OFF' };
    if (!test && NOTICE_KIND_CATEGORY[row.kind] === 'MARKETING') {
      if (prefs?.get(MARKETING_CONSENT) !== true) return { kind: 'skip', reason: 'NO_MARKETING_CONSENT' };
      const quietEnd = quietUntil(now, cfg.quietHours.start, cfg.quietHours.end);
      if (quietEnd) return { kind: 'defer', reason: 'QUIET_HOURS', dueAt: quietEnd };
      if ((caps.today.get(row.memberId) ?? 0) >= cfg.dailyCap) {
        return { kind: 'defer', reason: 'DAILY_CAP', dueAt: nextMorning(now, cfg.quietHours.end) };
      }
      if ((caps.week.get(row.memberId) ?? 0) >= cfg.weeklyCap) {
        return { kind: 'defer', reason: 'WEEKLY_CAP', dueAt: nextMorning(now, cfg.quietHours.end) };
      }
      // Counted now (a grant missing later only makes the caps stricter for the rest of this batch).
      caps.today.set(row.memberId, (caps.today.get(row.memberId) ?? 0) + 1);
      caps.week.set(row.memberId, (caps.week.get(row.memberId) ?? 0) + 1);
    }
    return { kind: 'send', templateId: setting.templateId, openid: recipient.openid };
  }

  /** One group: decide + SENDING + grants (one commit), the calls, the answers (one commit). */
  private async group(
    decisions: { row: NoticeRow; decision: Decision }[],
    token: string,
    settings: Map<NoticeKind, NoticeKindSetting>,
    counts: Counts,
  ): Promise<boolean> {
    const now = this.clock.now();
    const taken = await this.tx.run(async (em) => {
      const out: { row: NoticeRow; templateId: string; openid: string }[] = [];
      let skipped = 0;
      let deferred = 0;
      for (const { row, decision: d } of decisions) {
        if (d.kind === 'skip') {
          if (await this.repo.decide(em, row.id, token, { status: 'SKIPPED', reason: d.reason }, now)) skipped++;
        } else if (d.kind === 'defer') {
          const outcome = { status: 'DEFERRED' as const, reason: d.reason, dueAt: d.dueAt };
          if (await this.repo.decide(em, row.id, token, outcome, now)) deferred++;
        } else if (await this.repo.markSending(em, row.id, token, d.templateId, now)) {
          // SENDING first (guarded by the claim), then the grant: none left → skipped, nothing is called.
          if (await this.repo.takeGrant(em, row.memberId, d.templateId, now)) out.push({ row, ...d });
          else {
            const outcome = { status: 'SKIPPED' as const, reason: 'NO_GRANT' as const, templateId: d.templateId };
            await this.repo.settle(em, row.id, token, outcome, now);
            skipped++;
          }
        }
      }
      return { out, skipped, deferred };
    });
    counts.skipped += taken.skipped;
    counts.deferred += taken.deferred;

    const calls: Call[] = [];
    let backoff = false;
    const broken = new Set<NoticeKind>();
    for (const s of taken.out) {
      if (backoff || broken.has(s.row.kind)) {
        calls.push({ row: s.row, templateId: s.templateId, notCalled: backoff ? 'backoff' : 'paused' });
        continue;
      }
      await this.waitForSlot();
      try {
        await this.wechat.sendSubscribeMessage({
          touser: s.openid,
          templateId: s.templateId,
          page: s.row.page ?? undefined,
          data: JSON.parse(s.row.dataJson) as Record<string, string>,
          miniprogramState: this.config.notices.miniprogramState,
          lang: 'zh_CN',
        });
        calls.push({ row: s.row, templateId: s.templateId });
      } catch (error) {
        calls.push({ row: s.row, templateId: s.templateId, error });
        const errcode = error instanceof WechatApiError ? error.errcode : null;
        if (errcode !== null && BACK_OFF.has(errcode)) backoff = true;
        if (errcode !== null && CONFIG_ERRORS.has(errcode)) broken.add(s.row.kind);
      }
    }
    if (!calls.length) return false;
    const outcomes = await this.tx.run(async (em) => {
      const out: (keyof Counts)[] = [];
      const paused = new Set<NoticeKind>();
      for (const call of calls) out.push(await this.answer(em, call, token, paused));
      return { out, paused };
    });
    for (const o of outcomes.out) counts[o] += 1;
    for (const kind of outcomes.paused) settings.get(kind)!.paused = true;
    return backoff;
  }

  /** Records one call's answer (see the class comment); the grant goes back unless WeChat used it. */
  private async answer(em: EntityManager, call: Call, token: string, paused: Set<NoticeKind>): Promise<keyof Counts> {
    const { row, templateId } = call;
    const now = this.clock.now();
    const backoffDue = () =>
      new Date(now.getTime() + this.config.notices.backoffSeconds * 1000 * 2 ** Math.min(row.attempts, 10));
    if (call.notCalled) {
      // Never called: the grant is still the member's.
      await this.repo.addGrant(em, row.memberId, templateId, 1, now);
      const outcome =
        call.notCalled === 'backoff'
          ? { status: 'DEFERRED' as const, reason: 'RATE_LIMITED' as const, dueAt: backoffDue() }
          : { status: 'SKIPPED' as const, reason: 'KIND_PAUSED' as const };
      await this.repo.settle(em, row.id, token, outcome, now);
      return call.notCalled === 'backoff' ? 'deferred' : 'skipped';
    }
    if (call.error === undefined) {
      await this.repo.settle(em, row.id, token, { status: 'SENT', reason: null, errcode: null, sentAt: now }, now);
      return 'sent';
    }
    const errcode = call.error instanceof WechatApiError ? call.error.errcode : null;
    if (errcode === null) {
      // No usable answer (timeout, network, HTTP error): WeChat may have delivered it; never repeat.
      this.log.warn(`notice #${row.id}: subscribe/send outcome unknown (${describe(call.error)})`);
      await this.repo.settle(em, row.id, token, { status: 'UNKNOWN', reason: null }, now);
      return 'unknown';
    }
    if (errcode === NO_GRANT) {
      // WeChat says the member has none left: our count was ahead of WeChat's.
      await this.repo.clearGrant(em, row.memberId, templateId, now);
      await this.repo.settle(em, row.id, token, { status: 'SKIPPED', reason: 'NO_GRANT', errcode }, now);
      return 'skipped';
    }
    await this.repo.addGrant(em, row.memberId, templateId, 1, now);
    if (BACK_OFF.has(errcode)) {
      const outcome = { status: 'DEFERRED' as const, reason: 'RATE_LIMITED' as const, errcode, dueAt: backoffDue() };
      await this.repo.settle(em, row.id, token, outcome, now);
      return 'deferred';
    }
    const config = CONFIG_ERRORS.has(errcode);
    const outcome = { status: 'FAILED' as const, reason: config ? ('CONFIG_ERROR' as const) : null, errcode };
    await this.repo.settle(em, row.id, token, outcome, now);
    if (config && !paused.has(row.kind)) {
      paused.add(row.kind);
      await this.pause(em, row.kind, templateId, errcode, now);
    }
    return 'failed';
  }

  /** Stops a kind WeChat refused for its template or data, and tells operators through the audit log. */
  private async pause(em: EntityManager, kind: NoticeKind, templateId: string, errcode: number, now: Date) {
    const reason = `微信返回 ${errcode}（${CONFIG_TEXT[errcode] ?? '配置错误'}），已自动暂停，请检查模板 ${templateId}`;
    await this.repo.ensureKindConfig(em, kind, templateId, now);
    await this.repo.updateKindConfig(em, kind, null, { paused: true, pausedReason: reason }, now);
    await this.audit.record(
      { type: ActorType.System, id: null, name: 'notices', role: null, storeId: null },
      {
        action: AuditAction.NoticeKindAutoPaused,
        targetType: 'notice_kind',
        targetId: kind,
        after: { errcode },
        reason,
      },
      em,
    );
  }

  private async waitForSlot(): Promise<void> {
    const spacing = 1000 / this.config.notices.sendsPerSecond;
    const nowMs = Date.now();
    const at = Math.max(nowMs, this.nextSlotMs);
    this.nextSlotMs = at + spacing;
    if (at > nowMs) await new Promise((resolve) => setTimeout(resolve, at - nowMs));
  }
}

const CONFIG_TEXT: Record<number, string> = {
  47003: '模板数据格式不符',
  40037: '模板 ID 无效',
  41030: '跳转页面无效',
};

const emptyCounts = (): Counts => ({ sent: 0, skipped: 0, deferred: 0, failed: 0, unknown: 0 });

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
