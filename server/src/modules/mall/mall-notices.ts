import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { shanghaiDayStart, addBizDays } from '../../common/clock';
import { NoticesService } from '../notices/notices.service';
import { StoreDirectory, type StorePlace } from '../stores/store-directory';

/** The MALL_PICKUP_READY care notice, planned in the transaction that made an order READY. */
@Injectable()
export class MallNotices {
  constructor(
    private readonly notices: NoticesService,
    private readonly stores: StoreDirectory,
  ) {}

  async pickupReady(
    em: EntityManager,
    o: {
      memberId: number;
      orderNo: string;
      goodsName: string;
      pickupStoreId: number | null;
      pickupUntil: string | null;
    },
    now: Date,
    /** The pickup store when the caller has read it already (a redemption's hot path: one round trip less). */
    known?: StorePlace | null,
  ): Promise<void> {
    if (!o.pickupUntil) return;
    const place =
      known?.id === o.pickupStoreId
        ? known
        : o.pickupStoreId === null
          ? undefined
          : (await this.stores.places([o.pickupStoreId], em)).get(o.pickupStoreId);
    // The whole last day counts: the deadline shown is its 23:59, and no reminder goes after it.
    const end = shanghaiDayStart(addBizDays(o.pickupUntil, 1));
    await this.notices.plan(em, {
      kind: 'MALL_PICKUP_READY',
      memberId: o.memberId,
      dedupeKey: `mall:${o.orderNo}`,
      dueAt: now,
      sendBy: end,
      facts: {
        orderNo: o.orderNo,
        goodsName: o.goodsName,
        storeName: place?.name ?? '',
        pickupBy: new Date(end.getTime() - 60_000).toISOString(),
      },
    });
  }
}
