import { Injectable } from '@nestjs/common';
import type { TopupPlanStatus } from '@member/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { TopupPlan } from './entities/topup-plan.entity';

type Reader = DataSource | EntityManager;

/** Plan statements: edits are guarded by the version the operator edited, status moves by the status left. */
@Injectable()
export class TopupPlansRepository {
  constructor(private readonly ds: DataSource) {}

  all(): Promise<TopupPlan[]> {
    return this.ds.getRepository(TopupPlan).find({ order: { sortOrder: 'ASC', id: 'ASC' } });
  }

  active(): Promise<TopupPlan[]> {
    return this.ds
      .getRepository(TopupPlan)
      .find({ where: { status: 'ACTIVE' }, order: { sortOrder: 'ASC', id: 'ASC' } });
  }

  byId(id: number, reader: Reader = this.ds): Promise<TopupPlan | null> {
    return reader.getRepository(TopupPlan).findOneBy({ id });
  }

  byIds(ids: number[]): Promise<TopupPlan[]> {
    const unique = [...new Set(ids)];
    if (!unique.length) return Promise.resolve([]);
    return this.ds
      .getRepository(TopupPlan)
      .createQueryBuilder('p')
      .where('p.id IN (:...ids)', { ids: unique })
      .getMany();
  }

  async insert(em: EntityManager, row: Partial<TopupPlan>): Promise<number> {
    const result = await em.getRepository(TopupPlan).insert(row);
    return Number(result.identifiers[0].id);
  }

  /** Saves the fields when the plan is still at `version`; false when someone saved since. */
  async update(
    em: EntityManager,
    id: number,
    version: number,
    fields: Partial<TopupPlan>,
    now: Date,
  ): Promise<boolean> {
    const result = await em
      .createQueryBuilder()
      .update(TopupPlan)
      .set({ ...fields, version: () => 'version + 1', updatedAt: now })
      .where("id = :id AND version = :version AND status <> 'ENDED'", { id, version })
      .execute();
    return result.affected === 1;
  }

  async setStatus(
    em: EntityManager,
    id: number,
    from: TopupPlanStatus,
    to: TopupPlanStatus,
    now: Date,
  ): Promise<boolean> {
    const result = await em
      .createQueryBuilder()
      .update(TopupPlan)
      .set({ status: to, version: () => 'version + 1', updatedAt: now })
      .where('id = :id AND status = :from', { id, from })
      .execute();
    return result.affected === 1;
  }
}
