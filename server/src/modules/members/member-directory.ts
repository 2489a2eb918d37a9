import { Injectable } from '@nestjs/common';
import { ErrorCode, type MemberRef } from '@member/shared';
import { DataSource, In, type EntityManager } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { sqlName } from '../../database/raw-sql';
import { Member } from './entities/member.entity';

/** What other modules may know of a member: no openid, no phone, no consent detail. */
export interface MemberCard {
  id: number;
  memberNo: string;
  nickname: string;
  birthday: string | null;
  phoneMasked: string | null;
  status: Member['status'];
  createdAt: Date;
}

// Reads take the caller's transaction when there is one: on SQLite a read outside it would wait for it.
type Reader = DataSource | EntityManager;

const CARD = {
  id: true,
  memberNo: true,
  nickname: true,
  birthday: true,
  phoneMasked: true,
  status: true,
  createdAt: true,
} as const;

/**
 * The members module's door for other modules: they read members through it instead of importing the
 * Member entity, so the member table can change (erasure, new columns) in one place.
 */
@Injectable()
export class MemberDirectory {
  constructor(private readonly ds: DataSource) {}

  /** The member's card; 404 MEMBER_NOT_FOUND when there is none. */
  async card(id: number, reader: Reader = this.ds): Promise<MemberCard> {
    const row = await reader.getRepository(Member).findOne({ select: CARD, where: { id } });
    if (!row) throw new AppException(ErrorCode.MEMBER_NOT_FOUND);
    return row;
  }

  async assertExists(id: number, reader: Reader = this.ds): Promise<void> {
    if (!(await reader.getRepository(Member).existsBy({ id }))) throw new AppException(ErrorCode.MEMBER_NOT_FOUND);
  }

  /** The member's status (null when there is none): what the member guard checks on every call. */
  async status(id: number): Promise<Member['status'] | null> {
    // Plain SQL: every member request runs it, and findOne's query building costs more CPU than the read.
    const em = this.ds.manager;
    const [row] = (await em.query(`SELECT status FROM ${sqlName(em, Member)} WHERE id = ?`, [id])) as (
      { status: Member['status'] } | undefined
    )[];
    return row?.status ?? null;
  }

  /**
   * The member's WeChat openid, for WeChat Pay's JSAPI prepay only (payer.openid must be the payer): never
   * shown, logged or returned by an API. null when there is no such member.
   */
  async payerOpenid(id: number): Promise<string | null> {
    const em = this.ds.manager;
    const [row] = (await em.query(`SELECT openid FROM ${sqlName(em, Member)} WHERE id = ?`, [id])) as (
      { openid: string } | undefined
    )[];
    return row?.openid ?? null;
  }

  /**
   * Openid and status of members a care notice is about to go to (subscribe/send's touser): never shown,
   * logged or returned by an API. Members absent from the map do not exist.
   */
  async noticeRecipients(
    ids: number[],
    reader: Reader = this.ds,
  ): Promise<Map<number, { openid: string; status: Member['status'] }>> {
    const out = new Map<number, { openid: string; status: Member['status'] }>();
    if (!ids.length) return out;
    const rows = await reader
      .getRepository(Member)
      .find({ select: { id: true, openid: true, status: true }, where: { id: In([...new Set(ids)]) } });
    for (const r of rows) out.set(r.id, { openid: r.openid, status: r.status });
    return out;
  }

  /** How a clerk appears in the audit log: nickname, or member no. when they have none. */
  async displayName(id: number, reader: Reader = this.ds): Promise<string> {
    const m = await this.card(id, reader);
    return m.nickname || m.memberNo;
  }

  /** Cards for a page of rows, one query. */
  async cards(ids: number[], reader: Reader = this.ds): Promise<Map<number, MemberCard>> {
    const unique = [...new Set(ids)];
    if (!unique.length) return new Map();
    const rows = await reader.getRepository(Member).find({ select: CARD, where: { id: In(unique) } });
    return new Map(rows.map((m) => [m.id, m]));
  }

  /**
   * Active members born on one of `monthDays` ('MM-DD'), one page in id order after `afterId`. Birthdays are
   * 'YYYY-MM-DD' text, so a month-day becomes the exact dates of every birth year from the earliest on file
   * to `year`: index lookups on idx_member_birthday, a cost that follows the birthdays, not the member count.
   */
  async withBirthday(
    monthDays: string[],
    year: number,
    page: { afterId: number; limit: number },
    reader: Reader = this.ds,
  ): Promise<number[]> {
    const repo = reader.getRepository(Member);
    const earliest = await repo
      .createQueryBuilder('m')
      .select('MIN(m.birthday)', 'min')
      .where('m.birthday IS NOT NULL')
      .getRawOne<{ min: string | null }>();
    const first = Number(earliest?.min?.slice(0, 4));
    if (!monthDays.length || !Number.isInteger(first) || first > year) return [];
    const dates: string[] = [];
    for (let y = first; y <= year; y++) for (const md of monthDays) dates.push(`${String(y).padStart(4, '0')}-${md}`);
    const rows = await repo
      .createQueryBuilder('m')
      .select('m.id', 'id')
      .where('m.birthday IN (:...dates) AND m.status = :active AND m.id > :afterId', {
        dates,
        active: 'active',
        afterId: page.afterId,
      })
      .orderBy('m.id', 'ASC')
      .limit(page.limit)
      .getRawMany<{ id: number | string }>();
    return rows.map((r) => Number(r.id));
  }

  /**
   * Members in id order after `afterId` (at most `upTo`), `limit` of them, optionally only those in `ids`:
   * how batch work walks the members in resumable chunks (the last id done is the cursor).
   */
  async pageById(
    reader: Reader,
    opts: { afterId: number; upTo?: number; ids?: number[]; limit: number },
  ): Promise<{ id: number; status: Member['status'] }[]> {
    if (opts.ids && !opts.ids.length) return [];
    const qb = reader
      .getRepository(Member)
      .createQueryBuilder('m')
      .select(['m.id', 'm.status'])
      .where('m.id > :after', { after: opts.afterId });
    if (opts.upTo !== undefined) qb.andWhere('m.id <= :upTo', { upTo: opts.upTo });
    if (opts.ids) qb.andWhere('m.id IN (:...ids)', { ids: opts.ids });
    const rows = await qb.orderBy('m.id', 'ASC').take(opts.limit).getMany();
    return rows.map((m) => ({ id: m.id, status: m.status }));
  }

  /** The highest member id and how many members there are now (a batch to everyone stops at that id). */
  async extent(reader: Reader = this.ds): Promise<{ maxId: number; count: number }> {
    const row = await reader
      .getRepository(Member)
      .createQueryBuilder('m')
      .select('MAX(m.id)', 'maxId')
      .addSelect('COUNT(*)', 'count')
      .getRawOne<{ maxId: unknown; count: unknown }>();
    return { maxId: Number(row?.maxId ?? 0), count: Number(row?.count ?? 0) };
  }

  /** Ids of the given member numbers, a thousand per query; unknown numbers are absent from the map. */
  async idsByNo(nos: string[], reader: Reader = this.ds): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const unique = [...new Set(nos)];
    for (let i = 0; i < unique.length; i += 1000) {
      const rows = await reader
        .getRepository(Member)
        .find({ select: { id: true, memberNo: true }, where: { memberNo: In(unique.slice(i, i + 1000)) } });
      for (const m of rows) out.set(m.memberNo, m.id);
    }
    return out;
  }

  /** Member no. and nickname for a page of rows, one query. */
  async refs(ids: number[], reader: Reader = this.ds): Promise<Map<number, MemberRef>> {
    const cards = await this.cards(ids, reader);
    return new Map([...cards].map(([id, m]) => [id, { id, memberNo: m.memberNo, nickname: m.nickname }]));
  }
}

export const unknownMember = (id: number): MemberRef => ({ id, memberNo: '', nickname: '（已删除）' });
