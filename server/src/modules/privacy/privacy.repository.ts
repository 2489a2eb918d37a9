import { Injectable } from '@nestjs/common';
import { ErrorCode, type ConsentKind, type DeletionStatus } from '@member/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { sqlName } from '../../database/raw-sql';
import { isUniqueViolation } from '../../database/transaction-runner';
import { DeletionRequest, type DeletionRowStatus } from './entities/deletion-request.entity';
import { MemberConsent } from './entities/member-consent.entity';

export interface DeletionListFilter {
  status?: DeletionStatus;
  /** Whole member no. or anonymous id. */
  q?: string;
  id?: number;
  now: Date;
}

/** A deletion request with the member's current no. and nickname (read from the member table). */
export interface DeletionListRow {
  request: DeletionRequest;
  memberNo: string;
  nickname: string;
  decidedByName: string | null;
}

/** Consent history and deletion requests: the privacy module's own tables. */
@Injectable()
export class PrivacyRepository {
  constructor(private readonly ds: DataSource) {}

  /** The latest record of each kind: where each consent stands. */
  async latestConsents(memberId: number, em: EntityManager = this.ds.manager) {
    const rows = await em.getRepository(MemberConsent).find({ where: { memberId }, order: { id: 'DESC' } });
    const latest = (kind: ConsentKind) => rows.find((r) => r.kind === kind) ?? null;
    return { privacy: latest('privacy'), marketing: latest('marketing'), history: rows };
  }

  /**
   * What the use check needs, in one statement: whether a deletion request is open, and the latest
   * privacy consent (granted and version; null when the member never answered). Plain SQL because every
   * member request through MemberLifecycle.assertMayUse runs it.
   */
  async useState(memberId: number): Promise<{ open: boolean; privacy: { granted: boolean; version: string } | null }> {
    const em = this.ds.manager;
    const c = sqlName(em, MemberConsent);
    const d = sqlName(em, DeletionRequest);
    const [row] = (await em.query(
      `SELECT c.granted AS granted, c.version AS version,
              (SELECT COUNT(*) FROM ${d} WHERE open_member_id = ?) AS open_requests
         FROM (SELECT 1 AS one) x
         LEFT JOIN ${c} c ON c.id = (SELECT MAX(id) FROM ${c} WHERE member_id = ? AND kind = 'privacy')`,
      [memberId, memberId],
    )) as { granted: unknown; version: unknown; open_requests: unknown }[];
    return {
      open: Number(row.open_requests) > 0,
      privacy: row.version == null ? null : { granted: Boolean(Number(row.granted)), version: String(row.version) },
    };
  }

  async insertConsent(em: EntityManager, row: Omit<MemberConsent, 'id'>): Promise<void> {
    await em.insert(MemberConsent, row);
  }

  async latestRequest(memberId: number, em: EntityManager = this.ds.manager): Promise<DeletionRequest | null> {
    return em.getRepository(DeletionRequest).findOne({ where: { memberId }, order: { id: 'DESC' } });
  }

  async openRequest(memberId: number, em: EntityManager = this.ds.manager): Promise<DeletionRequest | null> {
    return em.getRepository(DeletionRequest).findOneBy({ openMemberId: memberId });
  }

  async requestById(id: number, em: EntityManager = this.ds.manager): Promise<DeletionRequest> {
    const row = await em.getRepository(DeletionRequest).findOneBy({ id });
    if (!row) throw new AppException(ErrorCode.DELETION_REQUEST_NOT_FOUND);
    return row;
  }

  /** One open request per member: the unique index on open_member_id decides a race. */
  async insertRequest(em: EntityManager, memberId: number, requestedAt: Date, dueAt: Date): Promise<number> {
    try {
      const { identifiers } = await em.insert(DeletionRequest, {
        memberId,
        openMemberId: memberId,
        status: 'cooling_off',
        requestedAt,
        dueAt,
        decidedAt: null,
        decidedBy: null,
        rejectReason: null,
        anonymousId: null,
      });
      return Number(identifiers[0].id);
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppException(ErrorCode.DELETION_ALREADY_REQUESTED);
      throw error;
    }
  }

  /**
   * Closes an open request (guarded on cooling_off, so a cancel, a rejection, the daily job and an
   * operator's "process now" cannot both win). `dueBy` additionally requires the cooling-off to be over.
   */
  async close(
    em: EntityManager,
    id: number,
    to: Exclude<DeletionRowStatus, 'cooling_off'>,
    fields: { decidedAt: Date; decidedBy?: number | null; rejectReason?: string | null; anonymousId?: string | null },
    dueBy?: Date,
  ): Promise<boolean> {
    const qb = em
      .createQueryBuilder()
      .update(DeletionRequest)
      .set({ status: to, openMemberId: null, decidedBy: null, ...fields })
      .where('id = :id AND status = :open', { id, open: 'cooling_off' });
    if (dueBy) qb.andWhere('due_at <= :dueBy', { dueBy });
    const result = await qb.execute();
    return (result.affected ?? 0) > 0;
  }

  /** Open requests whose cooling-off is over, oldest first. */
  async dueRequests(now: Date, limit: number): Promise<DeletionRequest[]> {
    return this.ds
      .getRepository(DeletionRequest)
      .createQueryBuilder('d')
      .where('d.status = :open AND d.dueAt <= :now', { open: 'cooling_off', now })
      .orderBy('d.dueAt', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** Requests for the console, newest first, with the member's no. and nickname as they are now. */
  async page(filter: DeletionListFilter, offset: number, limit: number): Promise<[DeletionListRow[], number]> {
    const qb = this.ds
      .getRepository(DeletionRequest)
      .createQueryBuilder('d')
      // Other modules' tables by name: the privacy module reads them, it does not own them.
      .leftJoin('member', 'm', 'm.id = d.member_id')
      .leftJoin('operator', 'o', 'o.id = d.decided_by')
      .addSelect('m.member_no', 'member_no')
      .addSelect('m.nickname', 'member_nickname')
      .addSelect('o.display_name', 'operator_name');
    const { status, now } = filter;
    if (status === 'pending') qb.andWhere('d.status = :open AND d.dueAt <= :now', { open: 'cooling_off', now });
    else if (status === 'cooling_off') qb.andWhere('d.status = :open AND d.dueAt > :now', { open: 'cooling_off', now });
    else if (status) qb.andWhere('d.status = :status', { status });
    if (filter.id !== undefined) qb.andWhere('d.id = :id', { id: filter.id });
    const q = filter.q?.trim();
    if (q) qb.andWhere('(m.member_no = :q OR d.anonymous_id = :q)', { q });
    const total = await qb.getCount();
    const { entities, raw } = await qb
      .orderBy('d.id', 'DESC')
      .offset(offset)
      .limit(limit)
      .getRawAndEntities<{ member_no: string | null; member_nickname: string | null; operator_name: string | null }>();
    const rows = entities.map((request, i) => ({
      request,
      memberNo: String(raw[i]?.member_no ?? ''),
      nickname: String(raw[i]?.member_nickname ?? ''),
      decidedByName: raw[i]?.operator_name ?? null,
    }));
    return [rows, total];
  }
}
