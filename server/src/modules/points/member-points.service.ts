import { Injectable } from '@nestjs/common';
import type { MemberPoints, PointsEntry } from '@member/shared';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock';
import { LedgerEntry } from '../../ledger/entities/ledger-entry.entity';
import { LedgerLot } from '../../ledger/entities/ledger-lot.entity';
import { LedgerService } from '../../ledger/ledger.service';
import { assertMemberExists } from './member-tiers.service';
import { Store } from '../stores/entities/store.entity';

const EXPIRE_REASON = '积分到期';

/** The member's own points: balance, what expires when, and an explainable history. */
@Injectable()
export class MemberPointsService {
  constructor(
    private readonly ds: DataSource,
    private readonly ledger: LedgerService,
    private readonly clock: Clock,
  ) {}

  async forMember(memberId: number, page = 1, pageSize = 20): Promise<MemberPoints> {
    await assertMemberExists(this.ds, memberId);
    const account = await this.ledger.openAccount(null, memberId, 'POINTS');
    const [lots, [rows, total]] = await Promise.all([
      this.ds
        .getRepository(LedgerLot)
        .createQueryBuilder('l')
        .where('l.accountId = :id AND l.remaining > 0 AND l.expiresAt IS NOT NULL', { id: account.id })
        .orderBy('l.expiresAt', 'ASC')
        .getMany(),
      this.ds.getRepository(LedgerEntry).findAndCount({
        where: { accountId: account.id },
        order: { id: 'DESC' },
        skip: (page - 1) * pageSize,
        take: pageSize,
      }),
    ]);
    const expiring = new Map<string, number>();
    for (const lot of lots) {
      const key = lot.expiresAt!.toISOString();
      expiring.set(key, (expiring.get(key) ?? 0) + lot.remaining);
    }
    const credits = rows.filter((r) => r.entryType === 'CREDIT').map((r) => r.id);
    const lotExpiry = new Map(
      credits.length
        ? (await this.ds.getRepository(LedgerLot).findBy(credits.map((entryId) => ({ entryId })))).map((l) => [
            l.entryId,
            l.expiresAt,
          ])
        : [],
    );
    const storeIds = [...new Set(rows.map((r) => r.storeId).filter((id): id is number => id !== null))];
    const stores = new Map(
      storeIds.length
        ? (await this.ds.getRepository(Store).findBy(storeIds.map((id) => ({ id })))).map((s) => [s.id, s.name])
        : [],
    );
    const items: PointsEntry[] = rows.map((r) => ({
      id: r.id,
      amount: r.amount,
      balanceAfter: r.balanceAfter,
      type: r.entryType,
      reason: r.entryType === 'EXPIRE' ? EXPIRE_REASON : r.reason,
      expiresAt: lotExpiry.get(r.id)?.toISOString() ?? null,
      storeName: r.storeId !== null ? (stores.get(r.storeId) ?? null) : null,
      createdAt: r.createdAt.toISOString(),
    }));
    return {
      balance: account.balance,
      expiring: [...expiring]
        .map(([expiresAt, points]) => ({ expiresAt, points }))
        .filter((e) => Date.parse(e.expiresAt) > this.clock.nowMs()),
      entries: { items, total, page, pageSize },
    };
  }
}
