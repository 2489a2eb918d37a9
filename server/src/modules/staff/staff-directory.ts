import { Injectable } from '@nestjs/common';
import type { StaffRole } from '@member/shared';
import { DataSource, In } from 'typeorm';
import { Staff } from './entities/staff.entity';

export interface StaffBindingRow {
  staffId: number;
  memberId: number;
  storeId: number;
  role: StaffRole;
  active: boolean;
}

const toRow = (s: Staff): StaffBindingRow => ({
  staffId: s.id,
  memberId: s.memberId,
  storeId: s.storeId,
  role: s.role,
  active: s.active,
});

/** The staff module's door for other modules: who is staff where, as the guard and member pages see it. */
@Injectable()
export class StaffDirectory {
  constructor(private readonly ds: DataSource) {}

  /** The binding and whether its store is still active (one read: the staff guard runs on every call). */
  async byId(staffId: number): Promise<(StaffBindingRow & { storeActive: boolean }) | null> {
    const { entities, raw } = await this.ds
      .getRepository(Staff)
      .createQueryBuilder('s')
      .leftJoin('store', 'st', 'st.id = s.store_id')
      .addSelect('st.active', 'store_active')
      .where('s.id = :id', { id: staffId })
      .getRawAndEntities<{ store_active: unknown }>();
    // MySQL answers 1/0, SQLite 1/0; a missing store counts as inactive.
    return entities[0] ? { ...toRow(entities[0]), storeActive: Boolean(Number(raw[0]?.store_active ?? 0)) } : null;
  }

  /** The member's staff binding, active or not (a member is staff at one store at most). */
  async bindingOf(memberId: number): Promise<StaffBindingRow | null> {
    const row = await this.ds.getRepository(Staff).findOneBy({ memberId });
    return row ? toRow(row) : null;
  }

  /** The member's active staff binding, if any. */
  async activeBindingOf(memberId: number): Promise<StaffBindingRow | null> {
    const row = await this.ds.getRepository(Staff).findOneBy({ memberId, active: true });
    return row ? toRow(row) : null;
  }

  /** Which of these members are active staff, one query. */
  async activeMemberIds(memberIds: number[]): Promise<Set<number>> {
    if (!memberIds.length) return new Set();
    const rows = await this.ds
      .getRepository(Staff)
      .find({ select: { id: true, memberId: true }, where: { memberId: In(memberIds), active: true } });
    return new Set(rows.map((s) => s.memberId));
  }

  /** Active staff per store (of one store when given). */
  async activeCounts(storeId?: number): Promise<Map<number, number>> {
    const qb = this.ds
      .getRepository(Staff)
      .createQueryBuilder('s')
      .select('s.storeId', 'storeId')
      .addSelect('COUNT(*)', 'n')
      .where('s.active = :active', { active: true });
    if (storeId !== undefined) qb.andWhere('s.storeId = :storeId', { storeId });
    const counts = await qb.groupBy('s.storeId').getRawMany<{ storeId: number | string; n: number | string }>();
    return new Map(counts.map((c) => [Number(c.storeId), Number(c.n)]));
  }
}
