import { Injectable } from '@nestjs/common';
import type { ShiftSummary, ShiftTotals } from '@member/shared';
import { DataSource } from 'typeorm';
import { Clock, shanghaiDayStart } from '../../common/clock';
import type { StaffPrincipal } from '../auth/token.service';
import { PurchaseRefund } from './entities/purchase-refund.entity';
import { Purchase } from './entities/purchase.entity';
import { StoreDirectory } from '../stores/store-directory';

type Raw = Record<string, string | number | null>;

/** Today's purchases and refunds at the clerk's store, theirs and everyone's, for the end-of-shift check. */
@Injectable()
export class ShiftSummaryService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly stores: StoreDirectory,
  ) {}

  async today(staff: StaffPrincipal): Promise<ShiftSummary> {
    const date = this.clock.today();
    const from = shanghaiDayStart(date);
    const to = new Date(from.getTime() + 86_400_000);
    const window = { storeId: staff.storeId, from, to };
    const [sales, refunds, storeRow] = await Promise.all([
      this.ds
        .getRepository(Purchase)
        .createQueryBuilder('p')
        .select('p.staffId', 'staffId')
        .addSelect('COUNT(*)', 'purchases')
        .addSelect('SUM(p.amountFen)', 'amountFen')
        .addSelect('SUM(p.payableFen)', 'payableFen')
        .addSelect('SUM(p.pointsEarned)', 'pointsEarned')
        .addSelect('SUM(p.pointsUsed)', 'pointsUsed')
        .addSelect('SUM(p.walletFen)', 'walletFen')
        .where('p.storeId = :storeId AND p.createdAt >= :from AND p.createdAt < :to', window)
        .groupBy('p.staffId')
        .getRawMany<Raw>(),
      // Refunds belong to the day they happen, whichever day the purchase was.
      this.ds
        .getRepository(PurchaseRefund)
        .createQueryBuilder('r')
        .innerJoin(Purchase, 'p', 'p.id = r.purchaseId')
        .select('r.staffId', 'staffId')
        .addSelect('COUNT(*)', 'refunds')
        .addSelect('SUM(r.cashRefundedFen)', 'cashRefundedFen')
        .addSelect('SUM(r.pointsReturned)', 'pointsReturned')
        .addSelect('SUM(r.walletReturnedFen)', 'walletRefundedFen')
        .where('p.storeId = :storeId AND r.createdAt >= :from AND r.createdAt < :to', window)
        .groupBy('r.staffId')
        .getRawMany<Raw>(),
      this.stores.card(staff.storeId),
    ]);
    const mine = emptyTotals();
    const store = emptyTotals();
    for (const r of [...sales, ...refunds]) {
      add(store, r);
      if (Number(r.staffId) === staff.staffId) add(mine, r);
    }
    for (const t of [mine, store]) t.netCashFen = t.payableFen - t.cashRefundedFen;
    return { date, storeName: storeRow?.name ?? '', mine, store };
  }
}

const emptyTotals = (): ShiftTotals => ({
  purchases: 0,
  amountFen: 0,
  payableFen: 0,
  pointsEarned: 0,
  pointsUsed: 0,
  refunds: 0,
  cashRefundedFen: 0,
  pointsReturned: 0,
  walletFen: 0,
  walletRefundedFen: 0,
  netCashFen: 0,
});

function add(t: ShiftTotals, r: Raw): void {
  for (const key of Object.keys(t) as (keyof ShiftTotals)[]) if (r[key] != null) t[key] += Number(r[key]);
}
