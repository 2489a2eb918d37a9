import { isIdempotencyKey, type MemberTopup, type MemberTopupPlan, type TopupCreated } from '@member/shared';
import { ApiError } from '../services/api-error';
import {
  bonusTag,
  checkCustomAmount,
  creditedLine,
  defaultChoice,
  formatSignedCny,
  keepAttemptAfter,
  newTopupRequestId,
  payFenOf,
  pollTopup,
  remainingLine,
  splitLine,
  topupAttemptFor,
  topupOutcome,
} from './wallet';

const plan = (over: Partial<MemberTopupPlan> = {}): MemberTopupPlan => ({
  id: 1,
  name: '充500送60',
  payFen: 50_000,
  bonusFen: 6000,
  endsAt: null,
  remainingForMember: null,
  available: true,
  unavailableReason: null,
  couponNames: [],
  ...over,
});

const summary = { minTopupFen: 100, maxTopupFen: 500_000, capFen: 500_000, balanceFen: 0 };

const topup = (status: MemberTopup['status']): MemberTopup => ({
  outTradeNo: 'T20261201123',
  status,
  payFen: 50_000,
  bonusFen: 6000,
  planName: '充500送60',
  createdAt: '2026-12-01T00:00:00.000Z',
  paidAt: null,
  expiresAt: '2026-12-01T00:30:00.000Z',
  coupons: [],
});

describe('amount lines', () => {
  it('signs amounts with ¥ and 2 decimals', () => {
    expect(formatSignedCny(56_000)).toBe('+¥560.00');
    expect(formatSignedCny(-3005)).toBe('-¥30.05');
    expect(formatSignedCny(0)).toBe('¥0.00');
    expect(formatSignedCny(9_999_999)).toBe('+¥99,999.99');
  });

  it('tags the bonus, names what lands and what is left to buy', () => {
    expect(bonusTag(plan())).toBe('送 ¥60.00');
    expect(bonusTag(plan({ bonusFen: 0 }))).toBeNull();
    expect(creditedLine(plan())).toBe('到账 ¥560.00');
    expect(remainingLine(plan())).toBeNull();
    expect(remainingLine(plan({ remainingForMember: 2 }))).toBe('还可购买 2 次');
    // Used up: the unavailable reason says it, not "还可购买 0 次".
    expect(remainingLine(plan({ remainingForMember: 0, available: false }))).toBeNull();
  });

  it('splits a history line into 本金 and 赠送, leaving out a zero bonus', () => {
    expect(splitLine({ principalFen: 50_000, bonusFen: 6000 })).toBe('本金 +¥500.00 · 赠送 +¥60.00');
    expect(splitLine({ principalFen: -2000, bonusFen: -240 })).toBe('本金 -¥20.00 · 赠送 -¥2.40');
    expect(splitLine({ principalFen: 10_000, bonusFen: 0 })).toBe('本金 +¥100.00');
  });
});

describe('checkCustomAmount', () => {
  it('turns 元 into fen without floats', () => {
    expect(checkCustomAmount('12.29', summary)).toEqual({ ok: true, fen: 1229 });
    expect(checkCustomAmount('1,234.5', summary)).toEqual({ ok: true, fen: 123_450 });
  });

  it('refuses amounts outside the bounds with the bounds in the message', () => {
    const range = { ok: false, error: '充值金额须在 ¥1.00 至 ¥5,000.00 之间' };
    expect(checkCustomAmount('0.99', summary)).toEqual(range);
    expect(checkCustomAmount('5000.01', summary)).toEqual(range);
    expect(checkCustomAmount('99999999999', summary)).toEqual(range);
    expect(checkCustomAmount('abc', summary)).toEqual({ ok: false, error: '请输入正确的金额，如 128.50' });
    expect(checkCustomAmount('1.001', summary)).toEqual({ ok: false, error: '金额最多保留两位小数' });
  });

  it('refuses an amount that would take the balance over the cap', () => {
    expect(checkCustomAmount('100', { ...summary, balanceFen: 490_001 })).toEqual({
      ok: false,
      error: '充值后余额将超出储值上限 ¥5,000.00',
    });
    expect(checkCustomAmount('100', { ...summary, balanceFen: 490_000 })).toEqual({ ok: true, fen: 10_000 });
  });
});

describe('choice', () => {
  it('preselects the first buyable plan and names the amount to pay', () => {
    const plans = [plan({ id: 1, available: false }), plan({ id: 2, payFen: 20_000 })];
    expect(defaultChoice(plans)).toEqual({ planId: 2 });
    expect(defaultChoice([plan({ available: false })])).toBeNull();
    expect(payFenOf({ planId: 2 }, plans)).toBe(20_000);
    expect(payFenOf({ amountFen: 1234 }, plans)).toBe(1234);
    expect(payFenOf({ planId: 9 }, plans)).toBeNull();
    expect(payFenOf(null, plans)).toBeNull();
  });
});

describe('topupAttemptFor', () => {
  const now = Date.parse('2026-12-01T00:10:00.000Z');
  const ids = (() => {
    let n = 0;
    return () => `W${++n}`;
  })();
  const order = { expiresAt: '2026-12-01T00:30:00.000Z' } as TopupCreated;

  it('reuses the request id when the same choice is paid again, a new one otherwise', () => {
    const first = topupAttemptFor(null, { planId: 1 }, now, ids);
    first.order = order;
    expect(topupAttemptFor(first, { planId: 1 }, now, ids)).toBe(first);
    expect(topupAttemptFor(first, { planId: 2 }, now, ids).requestId).not.toBe(first.requestId);
    expect(topupAttemptFor(first, { amountFen: 50_000 }, now, ids).requestId).not.toBe(first.requestId);
    const custom = topupAttemptFor(null, { amountFen: 500 }, now, ids);
    expect(topupAttemptFor(custom, { amountFen: 500 }, now, ids)).toBe(custom);
  });

  it('starts afresh once the order is about to expire', () => {
    const first = { choice: { planId: 1 }, requestId: 'W-old', order };
    expect(topupAttemptFor(first, { planId: 1 }, Date.parse('2026-12-01T00:29:30.000Z'), ids).requestId).not.toBe(
      'W-old',
    );
  });

  it('keeps the attempt after a lost answer or a server error, not after a refusal', () => {
    expect(keepAttemptAfter(new ApiError('NETWORK_ERROR', '网络异常', 0))).toBe(true);
    expect(keepAttemptAfter(new ApiError('WALLET_PAY_UNAVAILABLE', '微信支付暂时不可用', 503))).toBe(true);
    expect(keepAttemptAfter(new ApiError('WALLET_CAP_EXCEEDED', '超出上限', 409))).toBe(false);
    expect(keepAttemptAfter(new Error('boom'))).toBe(true);
  });

  it('makes request ids that differ per attempt and fit an idempotency key', () => {
    const a = newTopupRequestId(() => 0.1, 1_700_000_000_000);
    const b = newTopupRequestId(() => 0.2, 1_700_000_000_000);
    expect(a).not.toBe(b);
    expect(isIdempotencyKey(a)).toBe(true);
    expect(isIdempotencyKey(newTopupRequestId())).toBe(true);
  });
});

describe('pollTopup', () => {
  function clock() {
    let t = 0;
    return { now: () => t, sleep: async (ms: number) => void (t += ms) };
  }

  it('asks until the order is paid', async () => {
    const answers = [topup('NOTPAY'), topup('NOTPAY'), topup('PAID')];
    const fetch = jest.fn(async () => answers.shift()!);
    const result = await pollTopup(fetch, clock());
    expect(result.status).toBe('PAID');
    expect(fetch).toHaveBeenCalledTimes(3);
    expect(topupOutcome(result.status)).toBe('success');
  });

  it('gives up after the time limit with the last NOTPAY answer', async () => {
    const fetch = jest.fn(async () => topup('NOTPAY'));
    const result = await pollTopup(fetch, { ...clock(), intervalMs: 1000, timeoutMs: 15_000 });
    expect(topupOutcome(result.status)).toBe('waiting');
    expect(fetch).toHaveBeenCalledTimes(16);
  });

  it('rides over failed requests, and throws only when every one failed', async () => {
    const lost = new ApiError('NETWORK_ERROR', '网络异常', 0);
    const answers: Array<MemberTopup | Error> = [lost, topup('CLOSED')];
    const flaky = jest.fn(async () => {
      const next = answers.shift()!;
      if (next instanceof Error) throw next;
      return next;
    });
    expect(topupOutcome((await pollTopup(flaky, clock())).status)).toBe('closed');
    await expect(pollTopup(async () => Promise.reject(lost), { ...clock(), timeoutMs: 3000 })).rejects.toBe(lost);
  });

  it('stops when the page is closed', async () => {
    const fetch = jest.fn(async () => topup('NOTPAY'));
    await pollTopup(fetch, { ...clock(), cancelled: () => true });
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});
