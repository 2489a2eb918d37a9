import {
  fenOfYuanInput,
  fenToYuanInput,
  formatCny,
  type MallGoodsAdmin,
  type MallGoodsInput,
  type MallGoodsKind,
  type MallLimitPeriod,
  MALL_LIMITS as L,
  MALL_LOW_STOCK_HINT,
} from '@member/shared';
import type { Dayjs } from 'dayjs';
import { pickedInstant, pickerValue } from '../../utils/format';
import type { GoodsPreview } from './GoodsCardPreview';
import { limitText } from './mall-labels';

// The goods form in the operator's units (yuan, Beijing dates, "all tiers" as an empty pick) and its
// conversion to the contract (fen, ISO instants, null for "every tier" / "unlimited").

export interface GoodsFormValues {
  kind: MallGoodsKind;
  name: string;
  categoryId?: number | null;
  description?: string;
  imageIds?: number[];
  pointsPrice?: number | null;
  /** Typed yuan text (string mode): parsed to fen exactly by the shared parser. */
  cashYuan?: string | number | null;
  unlimitedStock: boolean;
  stock?: number | null;
  perMemberLimit?: number | null;
  limitPeriod: MallLimitPeriod;
  /** Empty = every tier. */
  tierCodes?: string[];
  pickupStoreIds?: number[];
  pickupDays?: number | null;
  couponTemplateId?: number | null;
  saleWindow?: [Dayjs | null, Dayjs | null];
  sortOrder?: number | null;
  featured: boolean;
}

export const DEFAULT_GOODS_VALUES: GoodsFormValues = {
  kind: 'PHYSICAL',
  name: '',
  categoryId: null,
  description: '',
  imageIds: [],
  pointsPrice: null,
  cashYuan: null,
  unlimitedStock: false,
  stock: 100,
  perMemberLimit: null,
  limitPeriod: 'TOTAL',
  tierCodes: [],
  pickupStoreIds: [],
  pickupDays: 7,
  couponTemplateId: null,
  saleWindow: undefined,
  sortOrder: 0,
  featured: false,
};

/** Typed yuan → fen (empty = points only); null when the text is not an amount (the field rule says why). */
export function cashFenOf(yuan: string | number | null | undefined): number | null {
  if (yuan === undefined || yuan === null || String(yuan).trim() === '') return 0;
  return fenOfYuanInput(yuan);
}

/** "¥9.90", or null for points-only goods and unreadable input. */
export function cashText(yuan: string | number | null | undefined): string | null {
  const fen = cashFenOf(yuan);
  return fen ? formatCny(fen) : null;
}

export const needsStore = (kind: MallGoodsKind | undefined) => kind === 'PHYSICAL' || kind === 'SERVICE';

export function goodsValuesOf(g: MallGoodsAdmin): GoodsFormValues {
  return {
    kind: g.kind,
    name: g.name,
    categoryId: g.categoryId,
    description: g.description,
    imageIds: g.images.map((i) => i.id),
    pointsPrice: g.pointsPrice,
    cashYuan: g.cashFen ? fenToYuanInput(g.cashFen) : null,
    unlimitedStock: g.stock == null,
    stock: g.stock,
    perMemberLimit: g.perMemberLimit,
    limitPeriod: g.limitPeriod,
    tierCodes: g.tierCodes ?? [],
    pickupStoreIds: g.pickupStoreIds,
    pickupDays: g.pickupDays,
    couponTemplateId: g.couponTemplateId,
    saleWindow:
      g.saleStartsAt || g.saleEndsAt
        ? [g.saleStartsAt ? pickerValue(g.saleStartsAt) : null, g.saleEndsAt ? pickerValue(g.saleEndsAt) : null]
        : undefined,
    sortOrder: g.sortOrder,
    featured: g.featured,
  };
}

/**
 * The request body. Fields that do not apply to the kind are sent empty (stores for coupons, the coupon for
 * physical goods). `stock` is only meaningful on create; edits change stock through 库存调整.
 */
export function goodsInputOf(v: GoodsFormValues): MallGoodsInput {
  const stores = needsStore(v.kind);
  const [from, until] = v.saleWindow ?? [];
  return {
    kind: v.kind,
    name: v.name.trim(),
    categoryId: v.categoryId ?? null,
    description: v.description?.trim() ?? '',
    imageIds: v.imageIds ?? [],
    pointsPrice: v.pointsPrice ?? 0,
    cashFen: cashFenOf(v.cashYuan) ?? 0,
    stock: v.unlimitedStock ? null : (v.stock ?? 0),
    perMemberLimit: v.perMemberLimit ?? null,
    limitPeriod: v.perMemberLimit == null ? 'TOTAL' : v.limitPeriod,
    tierCodes: v.tierCodes?.length ? v.tierCodes : null,
    pickupStoreIds: stores ? (v.pickupStoreIds ?? []) : [],
    pickupDays: stores ? (v.pickupDays ?? L.pickupDays.min) : DEFAULT_GOODS_VALUES.pickupDays!,
    couponTemplateId: v.kind === 'COUPON' ? (v.couponTemplateId ?? null) : null,
    saleStartsAt: pickedInstant(from),
    saleEndsAt: pickedInstant(until),
    sortOrder: v.sortOrder ?? 0,
    featured: !!v.featured,
  };
}

/** The stock hint the member's card shows: "已兑完" at 0, "仅剩 n 件" when few are left. */
export function stockHintOf(stockLeft: number | null): string | null {
  if (stockLeft == null) return null;
  if (stockLeft <= 0) return '已兑完';
  return stockLeft < MALL_LOW_STOCK_HINT ? `仅剩 ${stockLeft.toLocaleString('en-US')} 件` : null;
}

/** Stock after an adjustment, or null when the delta is not a whole number. */
export function stockAfter(current: number, delta: unknown): number | null {
  return typeof delta === 'number' && Number.isInteger(delta) ? current + delta : null;
}

export interface PreviewContext {
  /** Tier code → name. */
  tierNames: Map<string, string>;
  /** Store id → name. */
  storeNames: Map<number, string>;
  /** Coupon template id → name. */
  couponNames: Map<number, string>;
  /** The cover's URL (first image), when known. */
  coverUrl: string | null;
  /** Left now (editing) or the initial stock being typed (creating); null = unlimited. */
  stockLeft: number | null;
}

const minute = (d: Dayjs) => d.format('YYYY-MM-DD HH:mm');

/** What the member's card and its detail lines show while the form is being filled in. */
export function goodsPreviewOf(v: Partial<GoodsFormValues>, ctx: PreviewContext): GoodsPreview {
  const kind = v.kind ?? 'PHYSICAL';
  const lines: string[] = [];
  const limit = limitText(v.perMemberLimit ?? null, v.limitPeriod ?? 'TOTAL');
  if (limit) lines.push(limit);
  if (v.tierCodes?.length) {
    lines.push(`仅 ${v.tierCodes.map((c) => ctx.tierNames.get(c) ?? c).join('、')} 可兑换`);
  }
  if (needsStore(kind)) {
    const stores = (v.pickupStoreIds ?? []).map((id) => ctx.storeNames.get(id) ?? `门店 ${id}`);
    const verb = kind === 'PHYSICAL' ? '自提' : '使用';
    lines.push(stores.length ? `${verb}门店：${stores.join('、')}` : `${verb}门店：未选择`);
    if (v.pickupDays) lines.push(`兑换后 ${v.pickupDays} 天内${verb}，逾期自动退回积分`);
  } else if (v.couponTemplateId != null) {
    lines.push(`兑换后立即发放「${ctx.couponNames.get(v.couponTemplateId) ?? '所选优惠券'}」到卡包`);
  }
  const [from, until] = v.saleWindow ?? [];
  if (from && until) lines.push(`兑换时间：${minute(from)} 至 ${minute(until)}`);
  else if (from) lines.push(`${minute(from)} 开始兑换`);
  else if (until) lines.push(`兑换截止 ${minute(until)}`);
  return {
    kind,
    name: v.name?.trim() || '商品名称',
    imageUrl: ctx.coverUrl,
    pointsPrice: typeof v.pointsPrice === 'number' ? v.pointsPrice : 0,
    cash: cashText(v.cashYuan),
    stockHint: stockHintOf(ctx.stockLeft),
    soldOut: ctx.stockLeft != null && ctx.stockLeft <= 0,
    lines,
    featured: !!v.featured,
  };
}
