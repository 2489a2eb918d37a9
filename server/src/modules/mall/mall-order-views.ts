import { Injectable } from '@nestjs/common';
import type { MallOrderView } from '@member/shared';
import { DataSource, In, type EntityManager } from 'typeorm';
import { StoreDirectory, type StorePlace } from '../stores/store-directory';
import { MallGoodsRow } from './entities/mall-goods.entity';
import type { MallOrderRow } from './entities/mall-order.entity';
import { MallImages } from './mall-images';
import { idsOf, orderView, type OrderContext } from './mall-views';

type Reader = DataSource | EntityManager;

/** Orders as members, staff and operators see them: with their store and the goods' thumbnail (batched). */
@Injectable()
export class MallOrderViews {
  constructor(
    private readonly ds: DataSource,
    private readonly stores: StoreDirectory,
    private readonly images: MallImages,
  ) {}

  async many(rows: MallOrderRow[], reader: Reader = this.ds): Promise<MallOrderView[]> {
    if (!rows.length) return [];
    const ctx = await this.context(rows, reader);
    return rows.map((o) => orderView(o, ctx));
  }

  /** One order; `known` skips the reads the caller has already done (the redeem path). */
  async one(
    row: MallOrderRow,
    reader: Reader = this.ds,
    known?: { goods: MallGoodsRow; place: StorePlace | null },
  ): Promise<MallOrderView> {
    if (!known) return (await this.many([row], reader))[0];
    const cover = idsOf(known.goods.imageIdsJson)[0];
    const assets = await this.images.assets(cover !== undefined ? [cover] : []);
    return orderView(row, {
      places: new Map(known.place ? [[known.place.id, known.place]] : []),
      thumbs: new Map([[known.goods.id, cover !== undefined ? (assets.get(cover)?.thumbUrl ?? null) : null]]),
    });
  }

  private async context(rows: MallOrderRow[], reader: Reader): Promise<OrderContext> {
    const goodsIds = [...new Set(rows.map((o) => o.goodsId))];
    const storeIds = rows.map((o) => o.pickupStoreId).filter((id): id is number => id !== null);
    const [goods, places] = await Promise.all([
      reader
        .getRepository(MallGoodsRow)
        .find({ select: { id: true, imageIdsJson: true }, where: { id: In(goodsIds) } }),
      this.stores.places(storeIds, reader),
    ]);
    const covers = new Map(goods.map((g) => [g.id, idsOf(g.imageIdsJson)[0]]));
    const assets = await this.images.assets([...covers.values()].filter((id): id is number => id !== undefined));
    const thumbs = new Map(
      [...covers].map(([id, cover]) => [id, cover !== undefined ? (assets.get(cover)?.thumbUrl ?? null) : null]),
    );
    return { places, thumbs };
  }
}
