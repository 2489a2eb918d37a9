import fc from 'fast-check';
import { combinedDiscount, maxDeductiblePoints } from '@member/shared';
import { DataSource } from 'typeorm';
import { checkLedgerInvariants } from '../../server/src/ledger/ledger-invariants';
import { checkoutId } from './checkout-support';
import { activeTemplate, claim, requestId } from './coupon-support';
import { bearer, loginMember, loginOperator, makeStaff, startTestServer, type TestServer } from './support';

// Business outcome of any order of sales with coupons and points and their (partial) refunds: nothing
// created, nothing lost. Whatever the order, once every sale is refunded in full the member holds every
// coupon again, has exactly the points they started with (or owes what they spent of points the refunds
// took back), and the cash handed back equals the cash taken, fen for fen.
describe('coupon sale sequences', () => {
  let s: TestServer;
  let admin: string;
  let staffToken: string;
  let templateId: number;
  beforeAll(async () => {
    s = await startTestServer();
    admin = await loginOperator(s);
    ({ staffToken } = await makeStaff(s, admin));
    // ¥30 off from ¥50, 3 per member, stackable so a bill may carry two.
    templateId = (
      await activeTemplate(s, admin, { faceValueFen: 3000, minSpendFen: 5000, perMemberLimit: 3, stackable: true })
    ).id;
  });
  afterAll(async () => {
    expect((await checkLedgerInvariants(s.app.get(DataSource))).violations).toEqual([]);
    await s.close();
  });

  type Step =
    | { kind: 'buy'; amountFen: number; coupons: number; pointsShare: number }
    | { kind: 'refund'; sale: number; share: number };
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({
      kind: fc.constant('buy' as const),
      amountFen: fc.integer({ min: 100, max: 40_000 }),
      coupons: fc.integer({ min: 0, max: 2 }),
      pointsShare: fc.constantFrom(0, 0.5, 1),
    }),
    fc.record({ kind: fc.constant('refund' as const), sale: fc.nat(), share: fc.constantFrom(0.3, 0.5, 1) }),
  );

  it('gives everything back once every sale is refunded, in any order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 2, maxLength: 7 }), async (steps) => {
        const m = await loginMember(s);
        const coupons: number[] = [];
        for (let i = 0; i < 3; i++) coupons.push((await claim(s, m.token, templateId)).body.id);
        const start = (await s.http.get('/api/v1/me/points').set(bearer(m.token))).body.balance as number;
        const sales: {
          receiptNo: string;
          amountFen: number;
          refunded: number;
          payableFen: number;
          cashBack: number;
        }[] = [];
        let free = [...coupons];
        const buy = async (amountFen: number, want: number, pointsShare: number) => {
          const id = await checkoutId(s, staffToken, m.token);
          const quote = (
            await s.http
              .post('/api/v1/staff/purchases/quote')
              .set(bearer(staffToken))
              .send({ checkoutId: id, amountFen })
              .expect(200)
          ).body;
          const usable = quote.coupons.options
            .filter((o: { usable: boolean }) => o.usable)
            .map((o: { couponId: number }) => o.couponId);
          const couponIds = usable.slice(0, want);
          // Points pay part of what the coupons leave, within the rules' limits (shared math, as the till does).
          const discount = combinedDiscount(
            quote.coupons.options.filter((o: { couponId: number }) => couponIds.includes(o.couponId)),
            amountFen,
          )!.totalFen;
          const most = maxDeductiblePoints(quote.math.rules, amountFen - discount, quote.balance);
          const pointsToUse = Math.floor(most * pointsShare);
          const res = await s.http
            .post('/api/v1/staff/purchases')
            .set(bearer(staffToken))
            .send({ checkoutId: id, amountFen, receiptNo: requestId('SQ'), couponIds, pointsToUse });
          expect(res.status).toBe(200);
          expect(res.body.couponDiscountFen + res.body.deductionFen + res.body.payableFen).toBe(amountFen);
          free = free.filter((c) => !couponIds.includes(c));
          sales.push({
            receiptNo: res.body.receiptNo,
            amountFen,
            refunded: 0,
            payableFen: res.body.payableFen,
            cashBack: 0,
          });
        };
        const refund = async (sale: (typeof sales)[number], amountFen: number) => {
          if (amountFen <= 0) return;
          const res = await s.http
            .post(`/api/v1/staff/purchases/${sale.receiptNo}/refunds`)
            .set(bearer(staffToken))
            .send({ amountFen, refundNo: requestId('SF') });
          expect(res.status).toBe(200);
          sale.refunded += amountFen;
          sale.cashBack += res.body.cashRefundedFen;
        };
        for (const st of steps) {
          if (st.kind === 'buy') await buy(st.amountFen, Math.min(st.coupons, free.length), st.pointsShare);
          else if (sales.length) {
            const sale = sales[st.sale % sales.length];
            await refund(sale, Math.ceil((sale.amountFen - sale.refunded) * st.share));
          }
        }
        for (const sale of sales) await refund(sale, sale.amountFen - sale.refunded);

        for (const sale of sales) expect(sale.cashBack).toBe(sale.payableFen);
        const mine = (await s.http.get('/api/v1/me/coupons?status=usable').set(bearer(m.token)).expect(200)).body;
        expect(mine.items.map((c: { id: number }) => c.id).sort()).toEqual([...coupons].sort());
        const after = (await s.http.get('/api/v1/me/points').set(bearer(m.token))).body as {
          balance: number;
          debt: number;
        };
        expect(after.balance - after.debt).toBe(start);
      }),
      { numRuns: process.env.CI ? 6 : 10 },
    );
  });
});
