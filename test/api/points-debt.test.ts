import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { checkLedgerInvariants } from '../../server/src/ledger/ledger-invariants';
import { checkoutId } from './checkout-support';
import { bearer, loginMember, loginOperator, makeStaff, startTestServer, type TestServer } from './support';

// No points from nothing: earned points a refund cannot take back become debt, settled first by the
// member's next points. Default rules: 1 point per paid yuan, 100-point sign-up bonus, 100 points = ¥1,
// at most 50 % of a bill paid with points.
describe('points debt', () => {
  let s: TestServer;
  let staffToken: string;
  beforeAll(async () => {
    s = await startTestServer();
    ({ staffToken } = await makeStaff(s, await loginOperator(s)));
  });
  afterAll(async () => {
    expect((await checkLedgerInvariants(s.app.get(DataSource))).violations).toEqual([]);
    await s.close();
  });

  let seq = 0;
  // pointsToUse: a number of points, or a share (0..1) of what the quote allows on this bill.
  const sell = async (token: string, amountFen: number, pointsToUse: number | { share: number } = 0) => {
    const checkout = await checkoutId(s, staffToken, token);
    let use = pointsToUse as number;
    if (typeof pointsToUse === 'object') {
      const quote = await s.http
        .post('/api/v1/staff/purchases/quote')
        .set(bearer(staffToken))
        .send({ checkoutId: checkout, amountFen })
        .expect(200);
      use = Math.floor(quote.body.maxPointsToUse * pointsToUse.share);
    }
    const res = await s.http
      .post('/api/v1/staff/purchases')
      .set(bearer(staffToken))
      .send({ checkoutId: checkout, amountFen, receiptNo: `D${++seq}`, pointsToUse: use });
    expect(res.status).toBe(200);
    return res.body as { receiptNo: string; pointsEarned: number; pointsUsed: number; balance: number };
  };
  const refund = async (receiptNo: string, amountFen: number) => {
    const res = await s.http
      .post(`/api/v1/staff/purchases/${receiptNo}/refunds`)
      .set(bearer(staffToken))
      .send({ amountFen, refundNo: `F${++seq}` });
    expect(res.status).toBe(200);
    return res.body as { pointsShortfall: number; pointsDebt: number; balance: number };
  };
  const points = async (token: string) =>
    (await s.http.get('/api/v1/me/points').set(bearer(token)).expect(200)).body as { balance: number; debt: number };

  it('turns spent points of a refunded purchase into debt that the next points settle first', async () => {
    const m = await loginMember(s);
    const first = await sell(m.token, 100_000); // ¥1,000 earns 1,000 and promotes to 银卡 (×1.2)
    const second = await sell(m.token, 2200, 1100); // all 1,100 points pay ¥11; ¥11 paid earns 13
    expect(second).toMatchObject({ pointsUsed: 1100, pointsEarned: 13, balance: 13 });

    // The reported sequence: the claw-back falls short by 987 — owed now, not kept.
    const r1 = await refund(first.receiptNo, 100_000);
    expect(r1).toMatchObject({ pointsShortfall: 987, pointsDebt: 987, balance: 0 });
    expect(await points(m.token)).toMatchObject({ balance: 0, debt: 987 });

    // The 1,100 points the second bill used come back: 987 settle the debt, then its 13 are taken back.
    const r2 = await refund(second.receiptNo, 2200);
    expect(r2).toMatchObject({ pointsReturned: 1100, pointsDebt: 0, balance: 100 });
    expect(await points(m.token)).toMatchObject({ balance: 100, debt: 0 });
    const history = (await s.http.get('/api/v1/me/points').set(bearer(m.token))).body.entries.items as {
      reason: string;
      amount: number;
    }[];
    expect(history.map((e) => e.reason)).toContain('抵扣欠分');
  });

  it('settles debt from the next purchase, and the member sees what they owe', async () => {
    const m = await loginMember(s);
    const first = await sell(m.token, 50_000); // 500 + 100 bonus
    await sell(m.token, 1200, 600); // spends all 600, earns 6
    await refund(first.receiptNo, 50_000); // claws 6, owes 494
    expect(await points(m.token)).toMatchObject({ balance: 0, debt: 494 });
    const next = await sell(m.token, 30_000); // earns 300: all of it settles debt
    expect(next.balance).toBe(0);
    expect(await points(m.token)).toMatchObject({ balance: 0, debt: 194 });
    expect((await sell(m.token, 30_000)).balance).toBe(106);
    expect(await points(m.token)).toMatchObject({ balance: 106, debt: 0 });
  });

  it('property: once every sale is refunded, balance − debt = start − points expired in between', async () => {
    const ds = s.app.get(DataSource);
    const expiredOf = async (memberId: number) =>
      -Number(
        (
          await ds.query(
            `SELECT COALESCE(SUM(e.amount), 0) AS total FROM ledger_entry e JOIN ledger_account a ON a.id = e.account_id
              WHERE a.member_id = ? AND a.kind = 'POINTS' AND e.entry_type = 'EXPIRE' AND e.account_id = e.journal_account_id`,
            [memberId],
          )
        )[0].total,
      );
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('sale' as const),
        yuan: fc.integer({ min: 1, max: 3000 }),
        pct: fc.integer({ min: 0, max: 100 }),
      }),
      fc.record({ kind: fc.constant('refund' as const), pick: fc.nat(), part: fc.integer({ min: 1, max: 100 }) }),
      fc.record({ kind: fc.constant('expire' as const) }),
    );
    let shifted = 0;
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 7 }), async (ops) => {
          const m = await loginMember(s);
          const start = (await points(m.token)).balance;
          const sales: { receiptNo: string; amountFen: number; refunded: number }[] = [];
          for (const o of ops) {
            if (o.kind === 'sale') {
              const amountFen = o.yuan * 100;
              const sale = await sell(m.token, amountFen, { share: o.pct / 100 });
              sales.push({ receiptNo: sale.receiptNo, amountFen, refunded: 0 });
            } else if (o.kind === 'refund' && sales.length > 0) {
              const sale = sales[o.pick % sales.length]!;
              const left = sale.amountFen - sale.refunded;
              if (left === 0) continue;
              const part = Math.max(1, Math.floor((left * o.part) / 100));
              await refund(sale.receiptNo, part);
              sale.refunded += part;
            } else if (o.kind === 'expire') {
              s.clock.advance(800 * 86_400); // past every lot's expiry (end of next year at the latest)
              shifted += 800 * 86_400;
            }
          }
          for (const sale of sales) {
            if (sale.refunded < sale.amountFen) await refund(sale.receiptNo, sale.amountFen - sale.refunded);
          }
          await s.http.post('/sandbox/jobs/points-expiry/run').expect(200);
          const end = await points(m.token);
          expect(end.balance >= 0 && end.debt >= 0 && (end.debt === 0 || end.balance === 0)).toBe(true);
          expect(end.balance - end.debt).toBe(start - (await expiredOf(m.member.id)));
        }),
        { numRuns: 12 },
      );
    } finally {
      s.clock.advance(-shifted);
    }
  }, 240_000);
});
