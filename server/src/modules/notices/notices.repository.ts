import { Injectable } from '@nestjs/common';
import type { NoticeKind, NoticeReason, NoticeStatus } from '@member/shared';
import { DataSource, In, type EntityManager } from 'typeorm';
import { dateParam } from '../../database/columns';
import { execute, hydrate, sqlName } from '../../database/raw-sql';
import { NoticeConsentLogRow } from './entities/notice-consent-log.entity';
import { NoticeGrantRow } from './entities/notice-grant.entity';
import { NoticeKindConfigRow } from './entities/notice-kind-config.entity';
import { NoticePreferenceRow } from './entities/notice-preference.entity';
import { NoticeTestRecipientRow } from './entities/notice-test-recipient.entity';
import { NoticeRow } from './entities/notice.entity';

type Reader = DataSource | EntityManager;

/** A status change of a claimed notice; only the claim's holder may make it. */
export interface NoticeOutcome {
  status: NoticeStatus;
  reason?: NoticeReason | null;
  errcode?: number | null;
  dueAt?: Date;
  sentAt?: Date | null;
  templateId?: string | null;
}

const OPEN: NoticeStatus[] = ['PLANNED', 'DEFERRED'];

/**
 * Notice statements. Every status move is a guarded UPDATE (the expected status and claim in the WHERE,
 * affected rows checked), grants move by remaining ± 1 with remaining > 0 guarding the take.
 */
@Injectable()
export class NoticesRepository {
  constructor(private readonly ds: DataSource) {}

  // ---- planning

  /** INSERT … IGNORE on (kind, member, dedupe key): false when the notice was planned before. */
  async insertOnce(em: EntityManager, row: Omit<NoticeRow, 'id'>): Promise<boolean> {
    return (await this.insertManyOnce(em, [row])) > 0;
  }

  /** Multi-row INSERT … IGNORE: how many were new. */
  async insertManyOnce(em: EntityManager, rows: Omit<NoticeRow, 'id'>[]): Promise<number> {
    const meta = em.connection.getMetadata(NoticeRow);
    const driver = em.connection.driver;
    const cols = meta.columns.filter((c) => !c.isGenerated);
    const ignore = driver.options.type === 'better-sqlite3' ? 'INSERT OR IGNORE' : 'INSERT IGNORE';
    const sql = `${ignore} INTO ${driver.escape(meta.tableName)} (${cols
      .map((c) => driver.escape(c.databaseName))
      .join(', ')}) VALUES ${rows.map(() => `(${cols.map(() => '?').join(', ')})`).join(', ')}`;
    const params = rows.flatMap((row) =>
      cols.map((c) => driver.preparePersistentValue((row as Record<string, unknown>)[c.propertyName], c)),
    );
    return execute(em, sql, params);
  }

  // ---- kinds

  async kindConfigs(reader: Reader = this.ds): Promise<Map<NoticeKind, NoticeKindConfigRow>> {
    const rows = await reader.getRepository(NoticeKindConfigRow).find();
    return new Map(rows.map((r) => [r.kind, r]));
  }

  /** Creates the kind's row with its current (default) settings if it has none, so updates can guard it. */
  async ensureKindConfig(em: EntityManager, kind: NoticeKind, templateId: string | null, now: Date): Promise<void> {
    await em
      .createQueryBuilder()
      .insert()
      .into(NoticeKindConfigRow)
      .values({ kind, templateId, paused: false, pausedReason: null, version: 0, updatedAt: now })
      .orIgnore()
      .execute();
  }

  /** Version-guarded change of a kind's row; false when someone changed it first. */
  async updateKindConfig(
    em: EntityManager,
    kind: NoticeKind,
    version: number | null,
    patch: Partial<Pick<NoticeKindConfigRow, 'templateId' | 'paused' | 'pausedReason'>>,
    now: Date,
  ): Promise<boolean> {
    const qb = em
      .createQueryBuilder()
      .update(NoticeKindConfigRow)
      .set({ ...patch, version: () => 'version + 1', updatedAt: now })
      .where('kind = :kind', { kind });
    if (version !== null) qb.andWhere('version = :version', { version });
    return ((await qb.execute()).affected ?? 0) > 0;
  }

  // ---- consent ledger

  async grants(memberId: number, reader: Reader = this.ds): Promise<Map<string, number>> {
    const rows = await reader.getRepository(NoticeGrantRow).find({ where: { memberId } });
    return new Map(rows.map((r) => [r.templateId, r.remaining]));
  }

  /** Members (of `memberIds`) holding at least one grant of `templateId`. */
  async membersWithGrant(templateId: string, memberIds: number[], reader: Reader = this.ds): Promise<Set<number>> {
    if (!memberIds.length) return new Set();
    const rows = await reader.getRepository(NoticeGrantRow).find({
      select: { memberId: true },
      where: { templateId, memberId: In(memberIds) },
    });
    return new Set(rows.filter((r) => r).map((r) => r.memberId));
  }

  /** Adds `n` sends to a member's grant of a template (the row is created on the first accept). */
  async addGrant(em: EntityManager, memberId: number, templateId: string, n: number, now: Date): Promise<void> {
    await em
      .createQueryBuilder()
      .insert()
      .into(NoticeGrantRow)
      .values({ memberId, templateId, remaining: 0, updatedAt: now })
      .orIgnore()
      .execute();
    await execute(
      em,
      `UPDATE ${sqlName(em, NoticeGrantRow)} SET remaining = remaining + ?, updated_at = ? WHERE member_id = ? AND template_id = ?`,
      [n, dateParam(em.queryRunner!, now), memberId, templateId],
    );
  }

  /** Takes one grant; false when none is left. The guard makes one grant one send across nodes. */
  async takeGrant(em: EntityManager, memberId: number, templateId: string, now: Date): Promise<boolean> {
    const affected = await execute(
      em,
      `UPDATE ${sqlName(em, NoticeGrantRow)} SET remaining = remaining - 1, updated_at = ? WHERE member_id = ? AND template_id = ? AND remaining > 0`,
      [dateParam(em.queryRunner!, now), memberId, templateId],
    );
    return affected === 1;
  }

  /** WeChat said the member has none left (43101): our count was ahead of WeChat's. */
  async clearGrant(em: EntityManager, memberId: number, templateId: string, now: Date): Promise<void> {
    await execute(
      em,
      `UPDATE ${sqlName(em, NoticeGrantRow)} SET remaining = 0, updated_at = ? WHERE member_id = ? AND template_id = ?`,
      [dateParam(em.queryRunner!, now), memberId, templateId],
    );
  }

  async logConsent(em: EntityManager, rows: Omit<NoticeConsentLogRow, 'id'>[]): Promise<void> {
    if (rows.length) await em.createQueryBuilder().insert().into(NoticeConsentLogRow).values(rows).execute();
  }

  // ---- preferences

  async preferences(memberIds: number[], reader: Reader = this.ds): Promise<Map<number, Map<string, boolean>>> {
    const out = new Map<number, Map<string, boolean>>();
    if (!memberIds.length) return out;
    const rows = await reader.getRepository(NoticePreferenceRow).find({ where: { memberId: In(memberIds) } });
    for (const r of rows) {
      const m = out.get(r.memberId) ?? new Map<string, boolean>();
      m.set(r.kind, r.enabled);
      out.set(r.memberId, m);
    }
    return out;
  }

  async setPreference(em: EntityManager, memberId: number, kind: string, enabled: boolean, now: Date): Promise<void> {
    const updated = await em
      .createQueryBuilder()
      .update(NoticePreferenceRow)
      .set({ enabled, updatedAt: now })
      .where('member_id = :memberId AND kind = :kind', { memberId, kind })
      .execute();
    if ((updated.affected ?? 0) > 0) return;
    await em
      .createQueryBuilder()
      .insert()
      .into(NoticePreferenceRow)
      .values({ memberId, kind, enabled, updatedAt: now })
      .orUpdate(['enabled', 'updated_at'], ['member_id', 'kind'])
      .execute();
  }

  // ---- sending

  /**
   * Claims up to `limit` due notices for one sender: a guarded UPDATE on open rows whose claim is free or
   * lapsed, then the rows read back by the claim token. The id list comes from a derived table (MariaDB
   * refuses LIMIT inside IN); the outer WHERE repeats the guard, so a row claimed by a racing sender
   * between the two is not taken twice.
   */
  async claim(em: EntityManager, now: Date, limit: number, token: string, until: Date): Promise<number> {
    const t = sqlName(em, NoticeRow);
    const p = (d: Date) => dateParam(em.queryRunner!, d);
    const guard = `status IN ('PLANNED', 'DEFERRED') AND due_at <= ? AND (claimed_until IS NULL OR claimed_until < ?)`;
    return execute(
      em,
      `UPDATE ${t} SET claim_token = ?, claimed_until = ? WHERE id IN (SELECT id FROM (SELECT id FROM ${t} WHERE ${guard} ORDER BY due_at, id LIMIT ${Math.trunc(limit)}) picked) AND ${guard}`,
      [token, p(until), p(now), p(now), p(now), p(now)],
    );
  }

  /** Claims one open notice by id (a console test-send goes at once). */
  async claimOne(em: EntityManager, id: number, token: string, until: Date): Promise<boolean> {
    const result = await em
      .createQueryBuilder()
      .update(NoticeRow)
      .set({ claimToken: token, claimedUntil: until })
      .where('id = :id AND status IN (:...open) AND claim_token IS NULL', { id, open: OPEN })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  async byId(id: number): Promise<NoticeRow | null> {
    return this.ds.getRepository(NoticeRow).findOne({ where: { id } });
  }

  async byDedupe(kind: NoticeKind, memberId: number, dedupeKey: string, reader: Reader = this.ds) {
    return reader.getRepository(NoticeRow).findOne({ where: { kind, memberId, dedupeKey } });
  }

  /** The open notices a claim holds, due first. */
  async claimed(token: string): Promise<NoticeRow[]> {
    const em = this.ds.manager;
    const rows = (await em.query(`SELECT * FROM ${sqlName(em, NoticeRow)} WHERE claim_token = ? ORDER BY due_at, id`, [
      token,
    ])) as Record<string, unknown>[];
    return rows.map((r) => hydrate(em, NoticeRow, r)).filter((r) => OPEN.includes(r.status));
  }

  /** Moves a claimed open notice to its outcome (and frees the claim); false when the claim was lost. */
  async decide(em: EntityManager, id: number, token: string, outcome: NoticeOutcome, now: Date): Promise<boolean> {
    const result = await em
      .createQueryBuilder()
      .update(NoticeRow)
      .set({ ...outcome, claimToken: null, claimedUntil: null, updatedAt: now })
      .where('id = :id AND claim_token = :token AND status IN (:...open)', { id, token, open: OPEN })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  /** Commits SENDING before the call: from here on the notice is never sent again. */
  async markSending(em: EntityManager, id: number, token: string, templateId: string, now: Date): Promise<boolean> {
    const result = await em
      .createQueryBuilder()
      .update(NoticeRow)
      .set({ status: 'SENDING', templateId, sendingAt: now, attempts: () => 'attempts + 1', updatedAt: now })
      .where('id = :id AND claim_token = :token AND status IN (:...open)', { id, token, open: OPEN })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  /** The answer to a SENDING notice's call (sent, refused, back off). */
  async settle(em: EntityManager, id: number, token: string, outcome: NoticeOutcome, now: Date): Promise<boolean> {
    const result = await em
      .createQueryBuilder()
      .update(NoticeRow)
      .set({ ...outcome, claimToken: null, claimedUntil: null, updatedAt: now })
      .where('id = :id AND claim_token = :token AND status = :sending', { id, token, sending: 'SENDING' })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  /** Frees the claim of notices a sender did not get to (they stay due for the next run). */
  async release(token: string): Promise<void> {
    await this.ds
      .createQueryBuilder()
      .update(NoticeRow)
      .set({ claimToken: null, claimedUntil: null })
      .where('claim_token = :token AND status IN (:...open)', { token, open: OPEN })
      .execute();
  }

  /** SENDING for longer than the timeout: the worker died mid-call, the outcome is lost for good. */
  async sweepUnknown(olderThan: Date, now: Date): Promise<number> {
    const result = await this.ds
      .createQueryBuilder()
      .update(NoticeRow)
      .set({ status: 'UNKNOWN', claimToken: null, claimedUntil: null, updatedAt: now })
      .where('status = :sending AND sending_at < :olderThan', { sending: 'SENDING', olderThan })
      .execute();
    return result.affected ?? 0;
  }

  /** Per member, marketing notices that went out (or may have) since `since`: a batch's caps in one read. */
  async marketingCounts(memberIds: number[], kinds: NoticeKind[], since: Date): Promise<Map<number, number>> {
    if (!memberIds.length) return new Map();
    const rows = await this.ds
      .getRepository(NoticeRow)
      .createQueryBuilder('n')
      .select('n.member_id', 'memberId')
      .addSelect('COUNT(*)', 'n')
      .where('n.member_id IN (:...memberIds) AND n.sending_at >= :since', { memberIds: [...new Set(memberIds)], since })
      .andWhere('n.kind IN (:...kinds) AND n.status IN (:...out)', { kinds, out: ['SENDING', 'SENT', 'UNKNOWN'] })
      .groupBy('n.member_id')
      .getRawMany<{ memberId: unknown; n: unknown }>();
    return new Map(rows.map((r) => [Number(r.memberId), Number(r.n)]));
  }

  // ---- test recipients

  async testRecipient(operatorId: number): Promise<number | null> {
    const row = await this.ds.getRepository(NoticeTestRecipientRow).findOne({ where: { operatorId } });
    return row?.memberId ?? null;
  }

  async setTestRecipient(em: EntityManager, operatorId: number, memberId: number, now: Date): Promise<void> {
    await em.getRepository(NoticeTestRecipientRow).save({ operatorId, memberId, updatedAt: now });
  }
}
