import { DataSource } from 'typeorm';
import { checkLedgerInvariants } from '../../server/src/ledger/ledger-invariants';
import { checkWalletInvariants } from '../../server/src/modules/wallet/wallet-invariants';
import { bearer, loginOperator, startTestServer, type TestServer } from './support';

// The demo's stored value on a fresh sandbox: plans on sale and members' top-ups paid in the sandbox and
// credited through the settle path (the wallet and ledger invariants hold).
describe('demo wallet data', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ DEMO_SEED: 'true' });
  }, 60_000);
  afterAll(() => s.close());

  it('seeds three plans on sale and paid top-ups credited once', async () => {
    const admin = await loginOperator(s);
    const plans = (await s.http.get('/api/v1/admin/wallet/plans').set(bearer(admin)).expect(200)).body;
    expect(plans.map((p: { name: string; status: string }) => [p.name, p.status])).toEqual([
      ['充 ¥100 送 ¥10', 'ACTIVE'],
      ['充 ¥500 送 ¥60', 'ACTIVE'],
      ['充 ¥1000 送 ¥150', 'ACTIVE'],
    ]);
    const paid = (await s.http.get('/api/v1/admin/wallet/topups?status=PAID').set(bearer(admin)).expect(200)).body;
    expect(paid.total).toBe(3);
    const stats = (await s.http.get('/api/v1/admin/wallet/topups/stats').set(bearer(admin)).expect(200)).body;
    expect(stats).toMatchObject({
      outstandingPrincipalFen: 160_000,
      outstandingBonusFen: 22_000,
      openAnomalies: 0,
      unpaidOpen: 0,
    });
    const ds = s.app.get(DataSource);
    expect((await checkWalletInvariants((sql, p) => ds.query(sql, p))).violations).toEqual([]);
    expect((await checkLedgerInvariants(ds)).violations).toEqual([]);
  });
});
