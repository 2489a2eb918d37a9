import { Injectable } from '@nestjs/common';
import type { ShiftSummary } from '@member/shared';
import { DataSource } from 'typeorm';
import { Clock, shanghaiDayStart } from '../../common/clock';
import type { StaffPrincipal } from '../auth/token.service';
import { Store } from '../stores/entities/store.entity';
import { Purchase } from './entities/purchase.entity';

type Totals = ShiftSummary['mine'];

/** Today's purchases at the clerk's store, theirs and everyone's, for the end-of-shift check. */
@Injectable()
export class ShiftSummaryService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  async today(staff: StaffPrincipal): Promise<ShiftSummary> {
    const date = this.clock.today();
    const from = shanghaiDayStart(date);
    const to = new Date(from.getTime() + 86_400_000);
    const rows: { staffId: number; purchases: string; amountFen: string; pointsEarned: string; pointsUsed: string }[] =
      await this.ds
        .getRepository(Purchase)
        .createQueryBuilder('p')
        .select('p.staffId', 'staffId')
        .addSelect('COUNT(*)', 'purchases')
        .addSelect('SUM(p.amountFen)', 'amountFen')
        .addSelect('SUM(p.pointsEarned)', 'pointsEarned')
        .addSelect('SUM(p.pointsUsed)', 'pointsUsed')
        .where('p.storeId = :storeId AND p.createdAt >= :from AND p.createdAt < :to', {
          storeId: staff.storeId,
          from,
          to,
        })
        .groupBy('p.staffId')
        .getRawMany();
    const empty = (): Totals => ({ purchases: 0, amountFen: 0, pointsEarned: 0, pointsUsed: 0 });
    const add = (t: Totals, r: (typeof rows)[number]) => {
      t.purchases += Number(r.purchases);
      t.amountFen += Number(r.amountFen);
      t.pointsEarned += Number(r.pointsEarned);
      t.pointsUsed += Number(r.pointsUsed);
    };
    const mine = empty();
    const store = empty();
    for (const r of rows) {
      add(store, r);
      if (Number(r.staffId) === staff.staffId) add(mine, r);
    }
    const storeRow = await this.ds.getRepository(Store).findOneBy({ id: staff.storeId });
    return { date, storeName: storeRow?.name ?? '', mine, store };
  }
}
