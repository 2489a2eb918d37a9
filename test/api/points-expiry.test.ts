import { DataSource } from 'typeorm';
import { LedgerAccount } from '../../server/src/ledger/entities/ledger-account.entity';
import { LedgerEntry } from '../../server/src/ledger/entities/ledger-entry.entity';
import { checkLedgerInvariants } from '../../server/src/ledger/ledger-invariants';
import { checkoutId } from './checkout-support';
import { bearer, loginMember, loginOperator, makeStaff, startTestServer, type TestServer } from './support';

// Points expire at their lot's expires_at, not when the 00:10 sweep gets to them: jobs are off here
// (config/test.yaml), so only the reads and the postings themselves can get this right.
describe('points expiry exact at the second', () => {
  let s: TestServer;
  let admin: string;
  let staffToken: string;
  beforeAll(async () => {
    s = await startTestServer();
    admin = await loginOperator(s);
    ({ staffToken } = await makeStaff(s, admin));
  });
  afterAll(async () => {
    s.clock.reset();
    await s.close();
  });

  const checkout = (token: string) => checkoutId(s, staffToken, token);
  const buy = (body: Record<string, unknown>) =>
    s.http.post('/api/v1/staff/purchases').set(bearer(staffToken)).send(body);
  const quote = (id: number, amountFen: number) =>
    s.http
      .post('/api/v1/staff/purchases/quote')
      .set(bearer(staffToken))
      .send({ checkoutId: id, amountFen })
      .expect(200);
  const expiriesOf = async (memberId: number) => {
    const ds = s.app.get(DataSource);
    const accounts = await ds.getRepository(LedgerAccount).findBy({ memberId });
    const entries = await ds.getRepository(LedgerEntry).find({ order: { id: 'ASC' } });
    const ids = new Set(accounts.map((a) => a.id));
    return entries.filter((e) => ids.has(e.accountId) && e.entryType === 'EXPIRE');
  };

  it('stops counting points one second after their lot expired, before any sweep; the next posting expires them', async () => {
    const m = await loginMember(s);
    const earned = await buy({ checkoutId: await checkout(m.token), amountFen: 30_000, receiptNo: 'E1' }).expect(200);
    expect(earned.body).toMatchObject({ pointsEarned: 300, balance: 400 });
    const before = await s.http.get('/api/v1/me/points').set(bearer(m.token)).expect(200);
    // Sign-up bonus and purchase were earned the same day: one expiry instant, 23:59:59.999 Shanghai time.
    expect(before.body.expiring).toEqual([{ points: 400, expiresAt: expect.any(String) }]);
    const expiresAt = Date.parse(before.body.expiring[0].expiresAt);

    s.clock.setNow(new Date(expiresAt + 1000));
    const mine = await s.http.get('/api/v1/me/points').set(bearer(m.token)).expect(200);
    expect(mine.body).toMatchObject({ balance: 0, expiring: [] });
    const viewed = await s.http.get(`/api/v1/admin/members/${m.member.id}/points`).set(bearer(admin)).expect(200);
    expect(viewed.body).toMatchObject({ balance: 0, expiring: [] });
    // Growth lapses after 365 days, which is before the points' end of day.
    const tier = await s.http.get('/api/v1/me/tier').set(bearer(m.token)).expect(200);
    expect(tier.body.growth).toBe(0);
    const c = await checkout(m.token);
    expect((await quote(c, 10_000)).body).toMatchObject({ balance: 0, maxPointsToUse: 0, maxDeductionFen: 0 });
    const refused = await buy({ checkoutId: c, amountFen: 10_000, receiptNo: 'E2', pointsToUse: 100 }).expect(409);
    expect(refused.body.code).toBe('POINTS_DEDUCTION_NOT_ALLOWED');
    expect(await expiriesOf(m.member.id)).toEqual([]); // the refused purchase rolled back whole

    // Any posting first expires the due lots of the accounts it touches, in the same transaction.
    const next = await buy({ checkoutId: await checkout(m.token), amountFen: 5000, receiptNo: 'E3' }).expect(200);
    expect(next.body).toMatchObject({ pointsEarned: 50, balance: 50 });
    const expired = await expiriesOf(m.member.id);
    expect(expired.map((e) => e.amount).sort((a, b) => a - b)).toEqual([-300, -300, -100]);
    const history = await s.http.get('/api/v1/me/points').set(bearer(m.token)).expect(200);
    expect(history.body.balance).toBe(50);
    expect(history.body.entries.items.map((e: { type: string; amount: number }) => [e.type, e.amount])).toEqual([
      ['CREDIT', 50],
      ['EXPIRE', -300],
      ['EXPIRE', -100],
      ['CREDIT', 300],
      ['CREDIT', 100],
    ]);
    expect((await s.http.get('/api/v1/me/tier').set(bearer(m.token)).expect(200)).body.growth).toBe(50);

    // The sweep catches up on accounts nobody touched, and finds nothing left on this member's.
    expect((await s.http.post('/sandbox/jobs/points-expiry/run').expect(200)).body.status).toBe('done');
    expect((await expiriesOf(m.member.id)).map((e) => e.id)).toEqual(expired.map((e) => e.id));
    expect((await s.http.get('/api/v1/me/points').set(bearer(m.token)).expect(200)).body.balance).toBe(50);
    expect((await checkLedgerInvariants(s.app.get(DataSource))).violations).toEqual([]);
  });
});
