import { Injectable } from '@nestjs/common';
import type { MemberPoints, PointsEntry } from '@member/shared';
import { LedgerService } from '../../ledger/ledger.service';
import { MemberDirectory } from '../members/member-directory';
import { StoreDirectory } from '../stores/store-directory';

const EXPIRE_REASON = '积分到期';

/** The member's own points: balance, what expires when, and an explainable history. */
@Injectable()
export class MemberPointsService {
  constructor(
    private readonly ledger: LedgerService,
    private readonly members: MemberDirectory,
    private readonly stores: StoreDirectory,
  ) {}

  async forMember(memberId: number, page = 1, pageSize = 20): Promise<MemberPoints> {
    await this.members.assertExists(memberId);
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
    const stores = await this.stores.names(storeIds);
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
