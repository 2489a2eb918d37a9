import { Injectable, Logger } from '@nestjs/common';
import { NOTICE_KIND_CATEGORY, type NoticeKind } from '@member/shared';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../common/clock';
import { AppConfig } from '../../config/app-config';
import { NoticeRenderError, renderNotice, type NoticeFacts } from './notice-builders';
import { NOTICE_KIND_SPECS } from './notice-kinds';
import type { NoticeRow } from './entities/notice.entity';
import { NoticesRepository } from './notices.repository';

export const NOTICE_KINDS = Object.keys(NOTICE_KIND_SPECS) as NoticeKind[];
export const MARKETING_KINDS = NOTICE_KINDS.filter((k) => NOTICE_KIND_CATEGORY[k] === 'MARKETING');

/** A kind's effective settings: its row when an operator (or the engine) changed it, else config. */
export interface NoticeKindSetting {
  kind: NoticeKind;
  templateId: string | null;
  paused: boolean;
  pausedReason: string | null;
  version: number;
}

export interface PlanInput<K extends NoticeKind> {
  kind: K;
  memberId: number;
  /** Unique per kind and member: planning the same key again is a no-op (e.g. `birthday:2026`). */
  dedupeKey: string;
  dueAt: Date;
  /** After this the notice is skipped (PAST_SEND_BY): e.g. an event reminder never goes after the start. */
  sendBy?: Date | null;
  facts: NoticeFacts[K];
}

/**
 * The planner other modules call inside their own transaction: the notice commits (or not) with the
 * business change that caused it, once per (kind, member, dedupe key). Data is rendered here by the kind's
 * builder, so the log shows what will be sent from the moment it is planned.
 */
@Injectable()
export class NoticesService {
  private readonly log = new Logger(NoticesService.name);

  constructor(
    private readonly repo: NoticesRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Plans a notice; false when this (kind, member, dedupe key) was planned before. */
  async plan<K extends NoticeKind>(em: EntityManager, input: PlanInput<K>): Promise<boolean> {
    return this.repo.insertOnce(em, this.row(input));
  }

  /** Plans many notices in one statement (batches); returns how many were new. */
  async planMany<K extends NoticeKind>(em: EntityManager, inputs: PlanInput<K>[]): Promise<number> {
    return inputs.length
      ? this.repo.insertManyOnce(
          em,
          inputs.map((input) => this.row(input)),
        )
      : 0;
  }

  private row<K extends NoticeKind>(input: PlanInput<K>): Omit<NoticeRow, 'id'> {
    const now = this.clock.now();
    let data: Record<string, string> = {};
    let page: string | null = null;
    let failed = false;
    try {
      const rendered = renderNotice(input.kind, input.facts);
      data = rendered.data;
      page = rendered.page;
    } catch (err) {
      // A builder bug must not roll back the caller's business change: the notice is logged as failed.
      if (!(err instanceof NoticeRenderError)) throw err;
      this.log.warn(`notice ${input.kind} for member #${input.memberId} not renderable: ${err.message}`);
      failed = true;
    }
    return {
      kind: input.kind,
      memberId: input.memberId,
      dedupeKey: input.dedupeKey.slice(0, 64),
      status: failed ? 'FAILED' : 'PLANNED',
      reason: failed ? 'CONFIG_ERROR' : null,
      errcode: null,
      templateId: null,
      page,
      dataJson: JSON.stringify(data),
      dueAt: input.dueAt,
      sendBy: input.sendBy ?? null,
      sentAt: null,
      attempts: 0,
      claimToken: null,
      claimedUntil: null,
      sendingAt: null,
      createdAt: now,
      updatedAt: now,
    };
  }

  /** Every kind's effective settings, in the contract's order. */
  async settings(reader?: EntityManager): Promise<Map<NoticeKind, NoticeKindSetting>> {
    const rows = await this.repo.kindConfigs(reader);
    const out = new Map<NoticeKind, NoticeKindSetting>();
    for (const kind of NOTICE_KINDS) {
      const row = rows.get(kind);
      out.set(
        kind,
        row
          ? {
              kind,
              templateId: row.templateId,
              paused: row.paused,
              pausedReason: row.pausedReason,
              version: row.version,
            }
          : { kind, templateId: this.defaultTemplate(kind), paused: false, pausedReason: null, version: 0 },
      );
    }
    return out;
  }

  defaultTemplate(kind: NoticeKind): string | null {
    return this.config.notices.templates[kind] || null;
  }

  /** "21:00–09:00 不发送营销类提醒" for 消息提醒. */
  quietHoursText(): string {
    const { start, end } = this.config.notices.quietHours;
    return `${start}–${end} 不发送营销类提醒`;
  }
}
