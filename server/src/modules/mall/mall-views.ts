import {
  MALL_LOW_STOCK_HINT,
  type MallBlockReason,
  type MallGoodsAdmin,
  type MallGoodsCard,
  type MallOrderView,
  type MediaAsset,
} from '@member/shared';
import type { StorePlace } from '../stores/store-directory';
import type { MallGoodsRow } from './entities/mall-goods.entity';
import type { MallEndReason, MallOrderRow } from './entities/mall-order.entity';
import { imagesOf } from './mall-images';

// Entity ↔ contract shapes of the points mall, and the one rule that says whether a member can redeem.

export const idsOf = (json: string | null): number[] => (json ? (JSON.parse(json) as number[]) : []);
export const tierCodesOf = (g: MallGoodsRow): string[] | null =>
  g.tierCodesJson == null ? null : (JSON.parse(g.tierCodesJson) as string[]);

/** The QR payload of a pickup code (the staff scanner knows a mall order by its prefix). */
export const pickupQrOf = (code: string): string => `MALL:${code}`;

const END_REASONS: Record<MallEndReason, string> = {
  MEMBER: '会员取消',
  PICKUP_EXPIRED: '未在有效期内自提',
  PAY_TIMEOUT: '支付超时',
  SOLD_OUT: '已兑完，款项原路退回',
};

/** What a member brings to the shelf: points, tier, and units taken in each goods' current limit period. */
export interface MemberStanding {
  balance: number;
  tierCode: string;
  /** goodsId → units taken in the goods' current period. */
  taken: Map<number, number>;
}

/** Why the goods cannot be sold now at all (window), before anything about the member. */
export function windowBlock(g: MallGoodsRow, now: Date): 'NOT_STARTED' | 'ENDED' | null {
  if (g.saleStartsAt && g.saleStartsAt.getTime() > now.getTime()) return 'NOT_STARTED';
  if (g.saleEndsAt && g.saleEndsAt.getTime() <= now.getTime()) return 'ENDED';
  return null;
}

/** Why this member cannot redeem one now (null: they can), in the order the member should hear it. */
export function blockReason(g: MallGoodsRow, s: MemberStanding, now: Date): MallBlockReason {
  const tiers = tierCodesOf(g);
  return (
    windowBlock(g, now) ??
    (tiers && !tiers.includes(s.tierCode)
      ? 'NOT_ELIGIBLE'
      : g.stock !== null && g.stock < 1
        ? 'OUT_OF_STOCK'
        : g.perMemberLimit !== null && (s.taken.get(g.id) ?? 0) >= g.perMemberLimit
          ? 'LIMIT_REACHED'
          : g.pointsPrice > s.balance
            ? 'NOT_ENOUGH_POINTS'
            : null)
  );
}

export function stockHint(stock: number | null): string | null {
  if (stock === null) return null;
  if (stock < 1) return '已兑完';
  return stock < MALL_LOW_STOCK_HINT ? `仅剩 ${stock} 件` : null;
}

export function goodsCard(g: MallGoodsRow, assets: Map<number, MediaAsset>, block: MallBlockReason): MallGoodsCard {
  const cover = imagesOf(idsOf(g.imageIdsJson), assets)[0] ?? null;
  return {
    id: g.id,
    kind: g.kind,
    name: g.name,
    categoryId: g.categoryId,
    imageUrl: cover?.url ?? null,
    thumbUrl: cover?.thumbUrl ?? null,
    pointsPrice: g.pointsPrice,
    cashFen: g.cashFen,
    stockLeft: g.stock,
    stockHint: stockHint(g.stock),
    redeemable: block === null,
    blockReason: block,
  };
}

export function goodsAdmin(g: MallGoodsRow, assets: Map<number, MediaAsset>): MallGoodsAdmin {
  const imageIds = idsOf(g.imageIdsJson);
  return {
    id: g.id,
    kind: g.kind,
    name: g.name,
    categoryId: g.categoryId,
    description: g.description,
    imageIds,
    images: imagesOf(imageIds, assets),
    pointsPrice: g.pointsPrice,
    cashFen: g.cashFen,
    stock: g.stock,
    soldCount: g.soldCount,
    perMemberLimit: g.perMemberLimit,
    limitPeriod: g.limitPeriod,
    tierCodes: tierCodesOf(g),
    pickupStoreIds: idsOf(g.pickupStoreIdsJson),
    pickupDays: g.pickupDays,
    couponTemplateId: g.couponTemplateId,
    saleStartsAt: g.saleStartsAt?.toISOString() ?? null,
    saleEndsAt: g.saleEndsAt?.toISOString() ?? null,
    sortOrder: g.sortOrder,
    featured: g.featured,
    status: g.status,
    version: g.version,
    createdAt: g.createdAt.toISOString(),
    updatedAt: g.updatedAt.toISOString(),
  };
}

/** What an order view needs besides the row: its store and the goods' thumbnail. */
export interface OrderContext {
  places: Map<number, StorePlace>;
  thumbs: Map<number, string | null>;
}

export function orderView(o: MallOrderRow, ctx: OrderContext): MallOrderView {
  const place = o.pickupStoreId !== null ? ctx.places.get(o.pickupStoreId) : undefined;
  const ready = o.status === 'READY';
  return {
    id: o.id,
    orderNo: o.orderNo,
    status: o.status,
    goods: { id: o.goodsId, kind: o.kind, name: o.goodsName, thumbUrl: ctx.thumbs.get(o.goodsId) ?? null },
    quantity: o.quantity,
    pointsTotal: o.pointsTotal,
    cashFen: o.cashFen,
    pickupStore: place ? { id: place.id, name: place.name, address: place.address } : null,
    pickupCode: ready ? o.pickupCode : null,
    pickupQr: ready && o.pickupCode ? pickupQrOf(o.pickupCode) : null,
    pickupUntil: o.pickupUntil,
    payUntil: o.status === 'PENDING_PAYMENT' ? (o.payUntil?.toISOString() ?? null) : null,
    couponId: o.couponId,
    createdAt: o.createdAt.toISOString(),
    doneAt: o.doneAt?.toISOString() ?? null,
    cancelledAt: o.cancelledAt?.toISOString() ?? null,
    endReason: o.endReason ? END_REASONS[o.endReason] : null,
    canCancel: ready && o.kind !== 'COUPON',
  };
}
