import type { MallGoodsKind, MallGoodsStatus, MallLimitPeriod, MallOrderStatus } from '@member/shared';

// Console wording for the points mall (the member side words its own).

export const GOODS_KIND_LABELS: Record<MallGoodsKind, string> = {
  PHYSICAL: '实物',
  COUPON: '优惠券',
  SERVICE: '服务',
};

export const GOODS_KIND_COLORS: Record<MallGoodsKind, string> = {
  PHYSICAL: 'blue',
  COUPON: 'magenta',
  SERVICE: 'cyan',
};

export const GOODS_KIND_HELP: Record<MallGoodsKind, string> = {
  PHYSICAL: '会员兑换后到所选门店自提，店员扫自提码核销',
  COUPON: '兑换后立即发放所选优惠券到会员卡包',
  SERVICE: '会员兑换后凭码到门店使用服务，店员扫码核销',
};

/** ProTable valueEnum with Badge colours. */
export const GOODS_STATUS_ENUM: Record<MallGoodsStatus, { text: string; status: string }> = {
  DRAFT: { text: '草稿', status: 'Default' },
  ON_SALE: { text: '已上架', status: 'Success' },
  OFF_SALE: { text: '已下架', status: 'Warning' },
};

/** Moves an operator may make from each status: 上架 from draft or off sale, 下架 from on sale. */
export const GOODS_MOVES: Record<MallGoodsStatus, { to: MallGoodsStatus; label: string }[]> = {
  DRAFT: [{ to: 'ON_SALE', label: '上架' }],
  ON_SALE: [{ to: 'OFF_SALE', label: '下架' }],
  OFF_SALE: [{ to: 'ON_SALE', label: '上架' }],
};

export const ORDER_STATUS_ENUM: Record<MallOrderStatus, { text: string; status: string }> = {
  PENDING_PAYMENT: { text: '待支付', status: 'Processing' },
  READY: { text: '待自提', status: 'Warning' },
  DONE: { text: '已完成', status: 'Success' },
  CANCELLED: { text: '已取消', status: 'Default' },
  EXPIRED: { text: '已过期', status: 'Error' },
};

export const LIMIT_PERIOD_LABELS: Record<MallLimitPeriod, string> = {
  TOTAL: '活动期内',
  DAY: '每天',
  WEEK: '每周',
  MONTH: '每月',
};

/** "每人每周限兑 2 件"; null without a limit. */
export function limitText(limit: number | null, period: MallLimitPeriod): string | null {
  if (limit == null) return null;
  return period === 'TOTAL' ? `每人限兑 ${limit} 件` : `每人${LIMIT_PERIOD_LABELS[period]}限兑 ${limit} 件`;
}

/** 1234567 → "1,234,567". */
export const points = (n: number) => n.toLocaleString('en-US');

/** "1,200 积分" or "1,200 积分 + ¥9.90". */
export function priceText(pointsPrice: number, cashText: string | null): string {
  return cashText ? `${points(pointsPrice)} 积分 + ${cashText}` : `${points(pointsPrice)} 积分`;
}
