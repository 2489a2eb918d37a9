import { createConnection } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { checkLedgerInvariants } from '../../server/src/ledger/ledger-invariants';
import { testsUseMysql } from '../fixtures/test-database';
import { checkoutId } from './checkout-support';
import { bearer, loginMember, loginOperator, makeStaff, startTestServer, type TestServer } from './support';

// One idempotency mechanism (store scope for staff calls, operator scope for console calls): keys are
// byte-exact, the same key with the same request answers the first result, with another request 409.
describe('idempotency keys', () => {
  let s: TestServer;
  let staffToken: string;
  let storeId: number;
  beforeAll(async () => {
    s = await startTestServer();
    const staff = await makeStaff(s, await loginOperator(s));
    staffToken = staff.staffToken;
    storeId = staff.store.id;
  });
  afterAll(async () => {
    expect((await checkLedgerInvariants(s.app.get(DataSource))).violations).toEqual([]);
    await s.close();
  });

  const checkout = (token: string) => checkoutId(s, staffToken, token);
  const buy = (body: Record<string, unknown>) =>
    s.http.post('/api/v1/staff/purchases').set(bearer(staffToken)).send(body);
  const refund = (receiptNo: string, body: Record<string, unknown>) =>
    s.http.post(`/api/v1/staff/purchases/${receiptNo}/refunds`).set(bearer(staffToken)).send(body);
  const balance = async (token: string) =>
    (await s.http.get('/api/v1/me/points').set(bearer(token)).expect(200)).body.balance as number;
  let seq = 0;
  const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${++seq}`;

  it('compares receipt numbers byte-exact: abc123 and ABC123 are two purchases of two members', async () => {
    const [m1, m2] = [await loginMember(s), await loginMember(s)];
    const lower = unique('abc');
    const first = await buy({ checkoutId: await checkout(m1.token), amountFen: 10_000, receiptNo: lower }).expect(200);
    const upper = lower.toUpperCase();
    const second = await buy({ checkoutId: await checkout(m2.token), amountFen: 10_000, receiptNo: upper }).expect(200);
    expect(second.body).toMatchObject({ replayed: false, receiptNo: upper, memberNo: m2.member.memberNo });
    expect(second.body.purchaseId).not.toBe(first.body.purchaseId);
    expect(await balance(m2.token)).toBe(200);
    // Refund numbers too: the same letters in another case are another refund.
    await refund(lower, { amountFen: 1000, refundNo: 'rf-a' }).expect(200);
    const other = await refund(upper, { amountFen: 1000, refundNo: 'RF-A' }).expect(200);
    expect(other.body.replayed).toBe(false);
  });

  it('never trims a key: surrounding spaces are refused, not folded into another receipt', async () => {
    const m = await loginMember(s);
    const res = await buy({ checkoutId: await checkout(m.token), amountFen: 100, receiptNo: ' R1 ' }).expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain('receiptNo');
    const long = await buy({ checkoutId: await checkout(m.token), amountFen: 100, receiptNo: 'x'.repeat(65) });
    expect(long.status).toBe(400);
    await buy({ checkoutId: await checkout(m.token), amountFen: 100, receiptNo: 'x'.repeat(64) }).expect(200);
  });

  it('answers a retried purchase with the first result, and another bill under the same receipt with 409', async () => {
    const m = await loginMember(s);
    const receiptNo = unique('R');
    const first = await buy({ checkoutId: await checkout(m.token), amountFen: 5000, receiptNo }).expect(200);
    const again = await buy({ checkoutId: await checkout(m.token), amountFen: 5000, receiptNo, pointsToUse: 0 });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ...first.body, replayed: true });
    const other = await buy({ checkoutId: await checkout(m.token), amountFen: 5001, receiptNo }).expect(409);
    expect(other.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', message: expect.stringMatching(/单号/) });
    expect(await balance(m.token)).toBe(150);
  });

  it('stores only committed outcomes: a refused purchase may be retried under the same receipt', async () => {
    const m = await loginMember(s);
    const receiptNo = unique('R');
    const refused = await buy({ checkoutId: await checkout(m.token), amountFen: 10_000, receiptNo, pointsToUse: 9999 });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('POINTS_DEDUCTION_NOT_ALLOWED');
    const ok = await buy({ checkoutId: await checkout(m.token), amountFen: 10_000, receiptNo, pointsToUse: 100 });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ replayed: false, pointsUsed: 100 });
  });

  it('resolves concurrent duplicates to one purchase, every caller getting its answer', async () => {
    const m = await loginMember(s);
    const checkoutId = await checkout(m.token);
    const receiptNo = unique('R');
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => buy({ checkoutId, amountFen: 20_000, receiptNo })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
    expect(answers.filter((a) => !a.body.replayed)).toHaveLength(1);
    expect(new Set(answers.map((a) => a.body.purchaseId)).size).toBe(1);
    expect(await balance(m.token)).toBe(300);
  });

  it('requires a refund no. and refuses one reused for another amount or receipt', async () => {
    const m = await loginMember(s);
    const receiptNo = unique('R');
    await buy({ checkoutId: await checkout(m.token), amountFen: 10_000, receiptNo }).expect(200);
    const missing = await refund(receiptNo, { amountFen: 1000 }).expect(400);
    expect(missing.body.details.map((d: { field: string }) => d.field)).toContain('refundNo');
    const first = await refund(receiptNo, { amountFen: 1000, refundNo: 'F-1' }).expect(200);
    expect((await refund(receiptNo, { amountFen: 1000, refundNo: 'F-1' }).expect(200)).body).toEqual({
      ...first.body,
      replayed: true,
    });
    const reused = await refund(receiptNo, { amountFen: 2000, refundNo: 'F-1' }).expect(409);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const otherReceipt = unique('R');
    await buy({ checkoutId: await checkout(m.token), amountFen: 10_000, receiptNo: otherReceipt }).expect(200);
    expect((await refund(otherReceipt, { amountFen: 1000, refundNo: 'F-1' }).expect(409)).body.code).toBe(
      'IDEMPOTENCY_KEY_REUSED',
    );
    // Only the first refund happened.
    expect((await s.http.get(`/api/v1/staff/purchases/${receiptNo}`).set(bearer(staffToken))).body.refundedFen).toBe(
      1000,
    );
  });

  it('keeps console request ids per operator: reuse with other content is refused', async () => {
    const admin = await loginOperator(s);
    const m = await loginMember(s);
    const id = (await s.http.get('/api/v1/me').set(bearer(m.token))).body.id as number;
    const adjust = (body: Record<string, unknown>) =>
      s.http.post(`/api/v1/admin/members/${id}/points/adjustments`).set(bearer(admin)).send(body);
    const body = { delta: 50, reasonCode: 'goodwill', note: '补偿', requestId: 'adj-A' };
    const first = await adjust(body).expect(200);
    expect((await adjust(body).expect(200)).body).toEqual(first.body);
    expect((await adjust({ ...body, requestId: 'ADJ-A' }).expect(200)).body.id).not.toBe(first.body.id);
    expect((await adjust({ ...body, delta: 51 }).expect(409)).body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await balance(m.token)).toBe(200);
  });

  // Only MySQL/MariaDB runs requests concurrently (SQLite queues every transaction): CI always does.
  (testsUseMysql() ? it : it.skip)(
    'makes a duplicate wait while the first attempt is in flight, then answer 409 IN_PROGRESS',
    async () => {
      const m = await loginMember(s);
      const receiptNo = unique('R');
      // Another node's first attempt: its record is written but not committed yet.
      const first = await createConnection(s.db.url);
      try {
        await first.query('START TRANSACTION');
        await first.query(
          `INSERT INTO idempotency_record (scope, operation, idem_key, fingerprint, status_code, response_json, created_at)
           VALUES (?, 'purchase', ?, 'x', 200, '{}', NOW(3))`,
          [`store:${storeId}`, receiptNo],
        );
        const started = Date.now();
        const dup = await buy({ checkoutId: await checkout(m.token), amountFen: 1000, receiptNo });
        expect(dup.status).toBe(409);
        expect(dup.body.code).toBe('IN_PROGRESS');
        expect(Date.now() - started).toBeGreaterThanOrEqual(4500);
        expect(Date.now() - started).toBeLessThan(9000);
        // The first attempt fails and rolls back: nothing is stored, so the retry goes through.
        await first.query('ROLLBACK');
      } finally {
        await first.end();
      }
      const retry = await buy({ checkoutId: await checkout(m.token), amountFen: 1000, receiptNo }).expect(200);
      expect(retry.body.replayed).toBe(false);
      expect(await balance(m.token)).toBe(110);
    },
    20_000,
  );
});
