import { ErrorCode, type MallGoodsDetail } from '@member/shared';
import { ApiError, networkError } from '../services/api-error';
import {
  attemptAfterFailure,
  blockNote,
  blockOfRedeemError,
  groupPickupCode,
  limitText,
  maxQuantity,
  newRedeemRequestId,
  openRedeemAttempt,
  orderStatusText,
  orderStep,
  pickupCodeOf,
  priceText,
  quantityCapText,
  redeemNextStep,
  redeemRequestFor,
  takenText,
} from './mall';

const goods = (over: Partial<MallGoodsDetail> = {}): MallGoodsDetail => ({
  id: 7,
  kind: 'PHYSICAL',
  name: '保温杯',
  categoryId: null,
  imageUrl: null,
  thumbUrl: null,
  pointsPrice: 1200,
  cashFen: 0,
  stockLeft: null,
  stockHint: null,
  redeemable: true,
  blockReason: null,
  description: '',
  images: [],
  perMemberLimit: null,
  limitPeriod: 'TOTAL',
  takenInPeriod: 0,
  tierCodes: null,
  pickupStores: [],
  saleStartsAt: null,
  saleEndsAt: null,
  pickupDays: 7,
  coupon: null,
  pointsBalance: 100_000,
  ...over,
});

describe('mall: price and limit text', () => {
  it('prints points with separators, and the cash part in yuan with 2 decimals', () => {
    expect(priceText({ pointsPrice: 1200, cashFen: 0 })).toBe('1,200 积分');
    expect(priceText({ pointsPrice: 1200, cashFen: 990 })).toBe('1,200 积分 + ¥9.90');
    expect(priceText({ pointsPrice: 1_234_567, cashFen: 9_999_999 })).toBe('1,234,567 积分 + ¥99,999.99');
    expect(priceText({ pointsPrice: 1200, cashFen: 990 }, 3)).toBe('3,600 积分 + ¥29.70');
  });

  it('words the per-member limit by period, and what was taken in it', () => {
    expect(limitText(goods())).toBeNull();
    expect(limitText(goods({ perMemberLimit: 2, limitPeriod: 'MONTH' }))).toBe('每人限兑 2 件/月');
    expect(limitText(goods({ perMemberLimit: 1, limitPeriod: 'TOTAL' }))).toBe('每人限兑 1 件');
    expect(limitText(goods({ perMemberLimit: 3, limitPeriod: 'DAY' }))).toBe('每人限兑 3 件/天');
    expect(limitText(goods({ perMemberLimit: 3, limitPeriod: 'WEEK' }))).toBe('每人限兑 3 件/周');
    expect(takenText(goods({ perMemberLimit: 2, limitPeriod: 'MONTH', takenInPeriod: 1 }))).toBe('本月已兑 1 件');
    expect(takenText(goods({ perMemberLimit: 2, limitPeriod: 'MONTH', takenInPeriod: 0 }))).toBeNull();
  });
});

describe('mall: quantity', () => {
  it('stops at stock, at what is left of the limit, and at what the points pay, and says which', () => {
    expect(maxQuantity(goods())).toBe(83); // 100,000 / 1,200
    expect(quantityCapText(goods())).toBe('积分最多可兑 83 件');
    expect(maxQuantity(goods({ stockLeft: 3 }))).toBe(3);
    expect(quantityCapText(goods({ stockLeft: 3 }))).toBe('库存仅剩 3 件');
    const limited = goods({ perMemberLimit: 2, limitPeriod: 'MONTH', takenInPeriod: 1, stockLeft: 50 });
    expect(maxQuantity(limited)).toBe(1);
    expect(quantityCapText(limited)).toBe('每人限兑 2 件/月，已兑 1 件');
    expect(maxQuantity(goods({ pointsBalance: 1000 }))).toBe(0);
    expect(maxQuantity(goods({ pointsPrice: 0, cashFen: 990 }))).toBe(99);
    expect(quantityCapText(goods({ pointsPrice: 0, cashFen: 990 }))).toBeNull();
  });
});

describe('mall: reasons', () => {
  it('maps each refusal code to the block it reveals', () => {
    expect(blockOfRedeemError(ErrorCode.MALL_OUT_OF_STOCK)).toBe('OUT_OF_STOCK');
    expect(blockOfRedeemError(ErrorCode.MALL_LIMIT_REACHED)).toBe('LIMIT_REACHED');
    expect(blockOfRedeemError(ErrorCode.MALL_NOT_ELIGIBLE)).toBe('NOT_ELIGIBLE');
    expect(blockOfRedeemError(ErrorCode.MALL_NOT_ENOUGH_POINTS)).toBe('NOT_ENOUGH_POINTS');
    expect(blockOfRedeemError(ErrorCode.MALL_SALE_NOT_STARTED)).toBe('NOT_STARTED');
    expect(blockOfRedeemError(ErrorCode.MALL_SALE_ENDED)).toBe('ENDED');
    expect(blockOfRedeemError(ErrorCode.VALIDATION_FAILED)).toBeNull();
  });

  it('offers the next step that fits the refusal; no answer means retry with the same id', () => {
    const refused = (code: ErrorCode) => new ApiError(code, 'x', 409);
    const step = (e: ApiError) => redeemNextStep(e, e.code);
    expect(step(networkError())).toBe('retry');
    expect(step(new ApiError(ErrorCode.INTERNAL_ERROR, 'x', 500))).toBe('retry');
    expect(step(refused(ErrorCode.MALL_NOT_ENOUGH_POINTS))).toBe('points');
    expect(step(refused(ErrorCode.MALL_NOT_ELIGIBLE))).toBe('tier');
    expect(step(refused(ErrorCode.MALL_PICKUP_STORE_INVALID))).toBe('store');
    expect(step(refused(ErrorCode.MALL_OUT_OF_STOCK))).toBe('reload');
    expect(step(refused(ErrorCode.MALL_LIMIT_REACHED))).toBe('reload');
    expect(step(refused(ErrorCode.MALL_GOODS_OFF_SALE))).toBe('reload');
    expect(step(new ApiError(ErrorCode.MALL_GOODS_NOT_FOUND, 'x', 404))).toBe('gone');
    expect(step(refused(ErrorCode.IDEMPOTENCY_KEY_REUSED))).toBe('other');
  });

  it('says in a sentence why the detail page cannot redeem', () => {
    const fmt = (iso: string) => iso.slice(0, 10);
    expect(blockNote('NOT_ENOUGH_POINTS', goods({ pointsPrice: 1200, pointsBalance: 200 }), fmt)).toBe(
      '还差 1,000 积分，消费可累积积分',
    );
    expect(blockNote('NOT_STARTED', goods({ saleStartsAt: '2026-12-01T02:00:00.000Z' }), fmt)).toBe(
      '2026-12-01 开始兑换',
    );
    expect(blockNote('LIMIT_REACHED', goods({ perMemberLimit: 2, limitPeriod: 'MONTH' }), fmt)).toBe(
      '每人限兑 2 件/月，您已兑满',
    );
  });
});

describe('mall: request id of the confirm sheet', () => {
  const ids = () => {
    let n = 0;
    return () => `M${++n}`;
  };

  it('is made when the sheet opens and carries whatever the member chose before the first submission', () => {
    const attempt = openRedeemAttempt(ids());
    expect(redeemRequestFor(attempt, { goodsId: 7, quantity: 2, pickupStoreId: 3 })).toEqual({
      goodsId: 7,
      quantity: 2,
      pickupStoreId: 3,
      requestId: 'M1',
    });
  });

  it('is reused with exactly the sent body after a lost answer, so the retry answers the first order', () => {
    const next = ids();
    const attempt = openRedeemAttempt(next);
    const sent = redeemRequestFor(attempt, { goodsId: 7, quantity: 2 });
    const after = attemptAfterFailure(attempt, sent, networkError(), next);
    // Even if the quantity were changed meanwhile, the retry resends what went out.
    expect(redeemRequestFor(after, { goodsId: 7, quantity: 5 })).toEqual(sent);
    const again = attemptAfterFailure(after, sent, new ApiError(ErrorCode.INTERNAL_ERROR, 'x', 502), next);
    expect(redeemRequestFor(again, { goodsId: 7, quantity: 1 }).requestId).toBe('M1');
  });

  it('is replaced after a refusal: nothing was placed, the next submission is a new redemption', () => {
    const next = ids();
    const attempt = openRedeemAttempt(next);
    const sent = redeemRequestFor(attempt, { goodsId: 7, quantity: 3 });
    const refused = new ApiError(ErrorCode.MALL_LIMIT_REACHED, '您已达到该商品的兑换上限', 409);
    const after = attemptAfterFailure(attempt, sent, refused, next);
    expect(redeemRequestFor(after, { goodsId: 7, quantity: 1 })).toEqual({ goodsId: 7, quantity: 1, requestId: 'M2' });
  });

  it('makes keys the idempotency layer accepts, distinct per sheet', () => {
    const a = newRedeemRequestId();
    const b = newRedeemRequestId();
    expect(a).toMatch(/^M[0-9a-z]{1,63}$/);
    expect(a).not.toBe(b);
    expect(newRedeemRequestId(() => 0, 0)).toBe('M000000000');
  });
});

describe('mall: orders and pickup codes', () => {
  it('words the order state by kind and places it on the steps', () => {
    expect(orderStatusText('READY', 'PHYSICAL')).toBe('待自提');
    expect(orderStatusText('READY', 'SERVICE')).toBe('待使用');
    expect(orderStatusText('DONE', 'PHYSICAL')).toBe('已自提');
    expect(orderStatusText('DONE', 'COUPON')).toBe('已发放');
    expect(orderStatusText('EXPIRED', 'PHYSICAL')).toBe('已过期');
    expect(orderStep('READY', 'PHYSICAL')).toBe(2);
    expect(orderStep('DONE', 'PHYSICAL')).toBe(3);
    expect(orderStep('DONE', 'COUPON')).toBe(2);
    expect(orderStep('CANCELLED', 'PHYSICAL')).toBe(1);
  });

  it('reads the code from typed digits or a scanned QR payload', () => {
    expect(pickupCodeOf(' 123 456 ')).toBe('123456');
    expect(pickupCodeOf('MALL:654321')).toBe('654321');
    expect(pickupCodeOf('mallpickup-000123')).toBe('000123');
    expect(pickupCodeOf('12345')).toBe('12345');
    expect(groupPickupCode('123456')).toBe('123 456');
  });
});
