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

  async byId(staffId: number): Promise<StaffBindingRow | null> {
    const row = await this.ds.getRepository(Staff).findOneBy({ id: staffId });
    return row ? toRow(row) : null;
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

  /** Active staff per store. */
  async activeCounts(): Promise<Map<number, number>> {
    const counts = await this.ds
      .getRepository(Staff)
      .createQueryBuilder('s')
      .select('s.storeId', 'storeId')
      .addSelect('COUNT(*)', 'n')
      .where('s.active = :active', { active: true })
      .groupBy('s.storeId')
      .getRawMany<{ storeId: number | string; n: number | string }>();
    return new Map(counts.map((c) => [Number(c.storeId), Number(c.n)]));
  }
}
