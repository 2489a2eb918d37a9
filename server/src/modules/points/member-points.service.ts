import { Injectable } from '@nestjs/common';
import type { MemberPoints, PointsEntry } from '@member/shared';
import { DataSource } from 'typeorm';
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
  ) {}

  async forMember(memberId: number, page = 1, pageSize = 20): Promise<MemberPoints> {
    await assertMemberExists(this.ds, memberId);
    // Live points only (expires_at > now), whether or not the sweep has expired the rest yet.
    const { accountId, balance } = await this.ledger.available(memberId, 'POINTS');
    const [lots, [rows, total]] =
      accountId === null
        ? [[], [[], 0] as const]
        : await Promise.all([
            this.ledger.expiringSoon(accountId),
            this.ledger.entries(accountId, { page, pageSize }).then((r) => [r.items, r.total] as const),
          ]);
    const expiring = new Map<string, number>();
    for (const lot of lots) {
      const key = lot.expiresAt!.toISOString();
      expiring.set(key, (expiring.get(key) ?? 0) + lot.remaining);
    }
    const credits = rows.filter((r) => r.entryType === 'CREDIT').map((r) => r.id);
    const lotExpiry = await this.ledger.lotExpiryOf(credits);
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
      balance,
      debt: await this.ledger.debt(memberId),
      expiring: [...expiring].map(([expiresAt, points]) => ({ expiresAt, points })),
      entries: { items, total, page, pageSize },
    };
  }
}
