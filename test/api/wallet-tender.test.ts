import type { PurchaseQuote, PurchaseResult, RefundResult, ShiftSummary, StaffPurchaseDetail } from '@member/shared';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../server/src/config/app-config';
import { checkLedgerInvariants } from '../../server/src/ledger/ledger-invariants';
import { LedgerService } from '../../server/src/ledger/ledger.service';
import { OutboxWorker } from '../../server/src/outbox/outbox-worker';
import { checkoutId } from './checkout-support';
import {
  bearer,
  loginMember,
  loginOperator,
  makeStaff,
  startTestServer,
  waitForOutbox,
  type TestServer,
} from './support';

// Stored value as a tender of the counter sale. Default rules: 1 point per yuan paid, 100 points = ¥1, at
// most 50 % of the bill in points. Wallets are filled straight through the ledger (a test fixture standing
// in for a paid top-up: principal against CASH_RECEIVED, bonus against BONUS_GRANTED).
describe('stored value at the counter', () => {
  let s: TestServer;
  let staffToken: string;
  let ledger: LedgerService;
  let ds: DataSource;
  beforeAll(async () => {
    s = await startTestServer();
    ({ staffToken } = await makeStaff(s, await loginOperator(s)));
    ledger = s.app.get(LedgerService);
    ds = s.app.get(DataSource);
  });
  afterAll(async () => {
    expect((await checkLedgerInvariants(ds)).violations).toEqual([]);
    await s.close();
  });

  let seq = 0;
  const receipt = () => `WT${Date.now()}${++seq}`;
  const memberId = async (token: string) =>
    (await s.http.get('/api/v1/me').set(bearer(token)).expect(200)).body.id as number;

  /** A member whose wallet holds these lots (principal and bonus, in order; each its own top-up). */
  const memberWith = async (lots: { principal?: number; bonus?: number }[]) => {
    const m = await loginMember(s);
    const id = await memberId(m.token);
    const account = await ledger.openAccount(null, id, 'WALLET');
    for (const [i, lot] of lots.entries()) {
      const base = { accountId: account.id, bizId: `T${id}-${i}`, reason: '测试充值' };
      if (lot.principal) {
        await ledger.credit(null, {
          ...base,
          amount: lot.principal,
          bizType: 'WALLET_TOPUP',
          lotKind: 'PRINCIPAL',
          contra: 'CASH_RECEIVED',
        });
      }
      if (lot.bonus) {
        await ledger.credit(null, {
          ...base,
          amount: lot.bonus,
          bizType: 'WALLET_TOPUP_BONUS',
          lotKind: 'BONUS',
          contra: 'BONUS_GRANTED',
        });
      }
    }
    return { ...m, id, accountId: account.id };
  };
  const lots = async (accountId: number) =>
    (
      (await ds.query(
        `SELECT id, lot_kind AS kind, amount, remaining FROM ledger_lot WHERE account_id = ? ORDER BY id`,
        [accountId],
      )) as { id: number; kind: string; amount: number | string; remaining: number | string }[]
    ).map((l) => ({ id: Number(l.id), kind: l.kind, remaining: Number(l.remaining) }));

  const quote = async (token: string, amountFen: number) =>
    (
      await s.http
        .post('/api/v1/staff/purchases/quote')
        .set(bearer(staffToken))
        .send({ checkoutId: await checkoutId(s, staffToken, token), amountFen })
        .expect(200)
    ).body as PurchaseQuote;
  const buy = async (token: string, body: Record<string, unknown>, status = 200) => {
    const id = await checkoutId(s, staffToken, token);
    return s.http
      .post('/api/v1/staff/purchases')
      .set(bearer(staffToken))
      .send({ checkoutId: id, receiptNo: receipt(), ...body })
      .expect(status);
  };
  const refund = (receiptNo: string, amountFen: number, refundNo = `F${Date.now().toString(36)}${++seq}`) =>
    s.http.post(`/api/v1/staff/purchases/${receiptNo}/refunds`).set(bearer(staffToken)).send({ amountFen, refundNo });

  it('quotes the wallet split, or null without a wallet', async () => {
    const none = await loginMember(s);
    expect((await quote(none.token, 5000)).wallet).toBeNull();
    const m = await memberWith([{ principal: 50_000, bonus: 5000 }]);
    expect((await quote(m.token, 5000)).wallet).toEqual({ balanceFen: 55_000, principalFen: 50_000, bonusFen: 5000 });
  });

  it('pays after coupons and points, splits principal and bonus in proportion to the fen, earns like cash', async () => {
    const m = await memberWith([{ principal: 30_000, bonus: 3000 }, { principal: 20_000 }]); // 50,000 : 3,000
    // ¥100 bill: 100 points pay ¥1 (the sign-up bonus), ¥77.77 from the wallet, ¥21.23 cash.
    const res = await buy(m.token, { amountFen: 10_000, pointsToUse: 100, walletFen: 7777 });
    const p = res.body as PurchaseResult;
    // 7777 × 50000/53000 = 7336.79 → principal 7337 (largest remainder), bonus 440.
    expect(p).toMatchObject({
      deductionFen: 100,
      walletFen: 7777,
      walletPrincipalFen: 7337,
      walletBonusFen: 440,
      walletBalanceFen: 53_000 - 7777,
      payableFen: 10_000 - 100 - 7777,
      pointsEarned: 99, // ¥99 paid (wallet + cash) earns 99 points
    });
    // Principal is spent oldest lot first.
    expect(await lots(m.accountId)).toEqual([
      expect.objectContaining({ kind: 'PRINCIPAL', remaining: 30_000 - 7337 }),
      expect.objectContaining({ kind: 'BONUS', remaining: 3000 - 440 }),
      expect.objectContaining({ kind: 'PRINCIPAL', remaining: 20_000 }),
    ]);
    const detail = (await s.http.get(`/api/v1/staff/purchases/${p.receiptNo}`).set(bearer(staffToken)).expect(200))
      .body as StaffPurchaseDetail;
    expect(detail).toMatchObject({
      walletFen: 7777,
      walletPrincipalFen: 7337,
      walletBonusFen: 440,
      walletRefundedFen: 0,
    });
    expect((await s.http.get('/api/v1/me/tier').set(bearer(m.token))).body.growth).toBe(99);
    // The member's card page shows the stored value paid and what is left (消费成功 sheet).
    const since = new Date(Date.now() - 60_000).toISOString();
    const card = await s.http.get('/api/v1/me/card/activity').query({ since }).set(bearer(m.token)).expect(200);
    expect(card.body.sale).toMatchObject({ walletFen: 7777, walletBalanceFen: 53_000 - 7777, payableFen: 2123 });
  });

  it('refuses an overdraft (WALLET_INSUFFICIENT) and a tender beyond what coupons and points leave, changing nothing', async () => {
    const m = await memberWith([{ principal: 1000 }]);
    const over = await buy(m.token, { amountFen: 5000, walletFen: 1001 }, 409);
    expect(over.body).toMatchObject({ code: 'WALLET_INSUFFICIENT', message: '会员储值余额不足，请减少储值支付金额' });
    const beyond = await buy(m.token, { amountFen: 5000, pointsToUse: 100, walletFen: 4901 }, 400);
    expect(beyond.body.code).toBe('WALLET_TENDER_EXCEEDS_BILL');
    const none = await loginMember(s);
    expect((await buy(none.token, { amountFen: 5000, walletFen: 1 }, 409)).body.code).toBe('WALLET_INSUFFICIENT');
    expect((await quote(none.token, 100)).wallet).toBeNull(); // the refused sale left no empty wallet
    expect(await lots(m.accountId)).toEqual([expect.objectContaining({ remaining: 1000 })]);
    expect((await buy(m.token, { amountFen: 5000, walletFen: 1000 })).body.walletBalanceFen).toBe(0);
  });

  it('replays the same receipt, and answers 409 for the same receipt with another walletFen', async () => {
    const m = await memberWith([{ principal: 10_000 }]);
    const checkout = await checkoutId(s, staffToken, m.token);
    const body = { checkoutId: checkout, amountFen: 3000, receiptNo: receipt(), walletFen: 2000 };
    const first = await s.http.post('/api/v1/staff/purchases').set(bearer(staffToken)).send(body).expect(200);
    const again = await s.http.post('/api/v1/staff/purchases').set(bearer(staffToken)).send(body).expect(200);
    expect(again.body).toEqual({ ...first.body, replayed: true });
    const other = await s.http
      .post('/api/v1/staff/purchases')
      .set(bearer(staffToken))
      .send({ ...body, walletFen: 1000 })
      .expect(409);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await quote(m.token, 100)).wallet?.balanceFen).toBe(8000);
  });

  it('partial refunds return the stored value into exactly the lots it came from, adding up to the tender', async () => {
    const m = await memberWith([
      { principal: 10_000, bonus: 1000 },
      { principal: 5000, bonus: 500 },
    ]);
    const before = await lots(m.accountId);
    // ¥100: ¥1 in points, ¥66.66 from the wallet, ¥32.34 cash.
    const p = (await buy(m.token, { amountFen: 10_000, pointsToUse: 100, walletFen: 6666 })).body as PurchaseResult;
    const refunds: RefundResult[] = [];
    for (const [i, amount] of [3333, 1, 2999, 3667].entries()) {
      const r = await refund(p.receiptNo, amount, `W${p.purchaseId}-${i}`).expect(200);
      refunds.push(r.body);
      expect(r.body.cashRefundedFen + r.body.walletFen).toBeLessThanOrEqual(amount);
    }
    // A replay of a refund moves nothing more.
    const replay = await refund(p.receiptNo, 3333, `W${p.purchaseId}-0`).expect(200);
    expect(replay.body).toEqual({ ...refunds[0], replayed: true });
    expect(refunds.reduce((sum, r) => sum + r.walletFen, 0)).toBe(6666);
    expect(refunds.reduce((sum, r) => sum + r.cashRefundedFen, 0)).toBe(p.payableFen);
    expect(refunds.reduce((sum, r) => sum + r.pointsReturned, 0)).toBe(100);
    expect(refunds[3].walletBalanceFen).toBe(16_500);
    expect(await lots(m.accountId)).toEqual(before);
    const detail = (await s.http.get(`/api/v1/staff/purchases/${p.receiptNo}`).set(bearer(staffToken)).expect(200))
      .body as StaffPurchaseDetail;
    expect(detail).toMatchObject({ walletRefundedFen: 6666, cashRefundedFen: p.payableFen, refundableFen: 0 });
  });

  it('PRINCIPAL_FIRST and BONUS_FIRST draw one kind before the other, and refunds restore both', async () => {
    const wallet = s.app.get(AppConfig).wallet as { spendPolicy: string };
    try {
      wallet.spendPolicy = 'PRINCIPAL_FIRST';
      const a = await memberWith([{ principal: 3000, bonus: 2000 }]);
      const pa = (await buy(a.token, { amountFen: 5000, walletFen: 4000 })).body as PurchaseResult;
      expect(pa).toMatchObject({ walletPrincipalFen: 3000, walletBonusFen: 1000, walletBalanceFen: 1000 });
      wallet.spendPolicy = 'BONUS_FIRST';
      const b = await memberWith([{ principal: 3000, bonus: 2000 }]);
      const pb = (await buy(b.token, { amountFen: 5000, walletFen: 1500 })).body as PurchaseResult;
      expect(pb).toMatchObject({ walletPrincipalFen: 0, walletBonusFen: 1500 });
      // The refunds find the debits whatever the policy is by then.
      wallet.spendPolicy = 'PROPORTIONAL';
      const aBefore = [
        { kind: 'PRINCIPAL', remaining: 3000 },
        { kind: 'BONUS', remaining: 2000 },
      ];
      await refund(pa.receiptNo, 1234).expect(200);
      await refund(pa.receiptNo, 5000 - 1234).expect(200);
      expect((await lots(a.accountId)).map(({ kind, remaining }) => ({ kind, remaining }))).toEqual(aBefore);
      await refund(pb.receiptNo, 5000).expect(200);
      expect((await lots(b.accountId)).map(({ remaining }) => remaining)).toEqual([3000, 2000]);
    } finally {
      wallet.spendPolicy = 'PROPORTIONAL';
    }
  });

  it('round trips: the quote reads the wallet with the points balance; stored value adds its debit and one read (6), nothing else', async () => {
    /** Statements the server sends while `work` runs (the outbox worker's polling left out). */
    const statements = async (work: () => Promise<unknown>) => {
      // The worker rests while we count: a notice it delivered for the sale before (or this one, if it
      // woke in time) would add its reads to whichever sale it ran in — CI once counted one there.
      await waitForOutbox(s);
      const worker = s.app.get(OutboxWorker);
      await worker.stop();
      let trace: string[];
      try {
        await s.http.post('/sandbox/metrics/start?trace=500').expect(200);
        await work();
        trace = ((await s.http.post('/sandbox/metrics/stop').expect(200)).body as { trace: string[] }).trace;
      } finally {
        if (s.config.outbox.enabled) worker.start();
      }
      // The jobs' statements, the outbox rows the sale enqueues (transaction control too: the operations
      // compared send the same), the rate limiter's window roll, the settings check and the settings caches' 30 s
      // reload (points rules, tier ladder: due in whichever sale comes after it) are not the operation's.
      // Each entry is one round trip; statements a transaction sent together are joined by ' ⏎ '.
      return trace
        .map((trip) => trip.replace(/^START TRANSACTION( ⏎ |$)/, ''))
        .filter(
          (trip) =>
            trip &&
            !/outbox|job_|rate_limit_bucket|settings_version|FROM `(points_rule_\w+|tier)`|^(COMMIT|ROLLBACK)$/i.test(
              trip,
            ),
        );
    };
    const statementsOf = (trips: string[]) => trips.flatMap((trip) => trip.split(' ⏎ '));
    const plain = await loginMember(s);
    const rich = await memberWith([{ principal: 10_000, bonus: 1000 }]);
    // Warm both up (accounts, tier row) so the counts below are the steady state.
    await buy(plain.token, { amountFen: 1000 });
    await buy(rich.token, { amountFen: 1000 });
    const quoteOf = async (token: string) => {
      const id = await checkoutId(s, staffToken, token);
      return statements(() =>
        s.http
          .post('/api/v1/staff/purchases/quote')
          .set(bearer(staffToken))
          .send({ checkoutId: id, amountFen: 5000 })
          .expect(200),
      );
    };
    // The wallet comes with the points balance's one read.
    const [withWallet, without] = [await quoteOf(rich.token), await quoteOf(plain.token)];
    expect(withWallet.length).toBe(without.length);
    expect(statementsOf(withWallet).filter((sql) => /ledger_/.test(sql))).toHaveLength(1);
    const saleOf = async (token: string, body: Record<string, unknown>) => {
      const id = await checkoutId(s, staffToken, token);
      return statements(() =>
        s.http
          .post('/api/v1/staff/purchases')
          .set(bearer(staffToken))
          .send({ checkoutId: id, receiptNo: receipt(), amountFen: 5000, ...body })
          .expect(200),
      );
    };
    const cash = await saleOf(plain.token, {});
    const wallet = await saleOf(rich.token, { walletFen: 3000 });
    // PROPORTIONAL: the debit (live lots, entry, balance, lots, allocations) and the read of its split:
    // six statements, of which the balance, lots and allocations writes ride with the next trip.
    expect(statementsOf(wallet).length - statementsOf(cash).length).toBe(6);
    expect(wallet.length - cash.length).toBe(3);
  });

  it('concurrent charges racing a refund for one member never overdraw; the shift summary counts both', async () => {
    const m = await memberWith([{ principal: 8000, bonus: 2000 }]);
    const first = (await buy(m.token, { amountFen: 3000, walletFen: 3000 })).body as PurchaseResult;
    // 7000 left; six charges of 2000 race a full refund giving 3000 back: at most 5 can pass.
    const checkouts = [];
    for (let i = 0; i < 6; i++) checkouts.push(await checkoutId(s, staffToken, m.token));
    const charge = (id: number) =>
      s.http
        .post('/api/v1/staff/purchases')
        .set(bearer(staffToken))
        .send({ checkoutId: id, amountFen: 2000, receiptNo: receipt(), walletFen: 2000 });
    const results = await Promise.all([...checkouts.map(charge), refund(first.receiptNo, 3000)]);
    const refundRes = results.pop()!;
    expect(refundRes.status).toBe(200);
    const ok = results.filter((r) => r.status === 200).length;
    for (const r of results.filter((x) => x.status !== 200)) expect(r.body.code).toBe('WALLET_INSUFFICIENT');
    expect(ok).toBeGreaterThanOrEqual(3);
    expect(ok).toBeLessThanOrEqual(5);
    const balance = (await quote(m.token, 100)).wallet!;
    expect(balance.balanceFen).toBe(10_000 - 3000 - ok * 2000 + 3000);
    expect(balance.balanceFen).toBeGreaterThanOrEqual(0);
    expect(balance.principalFen + balance.bonusFen).toBe(balance.balanceFen);
    expect((await checkLedgerInvariants(ds)).violations).toEqual([]);

    const summary = (await s.http.get('/api/v1/staff/shift-summary').set(bearer(staffToken)).expect(200))
      .body as ShiftSummary;
    expect(summary.mine.walletFen).toBeGreaterThanOrEqual(3000 + ok * 2000);
    expect(summary.mine.walletRefundedFen).toBeGreaterThanOrEqual(3000);
    expect(summary.mine.netCashFen).toBe(summary.mine.payableFen - summary.mine.cashRefundedFen);
  });
});
