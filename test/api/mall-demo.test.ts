import { DataSource } from 'typeorm';
import { checkLedgerInvariants } from '../../server/src/ledger/ledger-invariants';
import { checkMallInvariants } from '../../server/src/modules/mall/mall-invariants';
import { bearer, loginOperator, startTestServer, type TestServer } from './support';

// What `npm start` seeds in 积分商城 on a fresh sandbox database, through the catalogue, redeem, pickup,
// cancel and expiry paths.
describe('demo data: points mall', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ DEMO_SEED: 'true' });
  }, 240_000); // the seed rings up sales, top-ups and redemptions through the real paths
  afterAll(() => s.close());

  it('seeds categories, goods of every kind and orders in every state', async () => {
    const admin = await loginOperator(s);
    const cats = (await s.http.get('/api/v1/admin/mall/categories').set(bearer(admin)).expect(200)).body;
    expect(cats.map((c: { name: string }) => c.name)).toEqual(['饮品', '周边', '券包', '服务']);
    const goods = (await s.http.get('/api/v1/admin/mall/goods?pageSize=50').set(bearer(admin)).expect(200)).body
      .items as {
      name: string;
      kind: string;
      stock: number | null;
      tierCodes: string[] | null;
      featured: boolean;
      saleStartsAt: string | null;
    }[];
    expect(goods.length).toBeGreaterThanOrEqual(8);
    expect(new Set(goods.map((g) => g.kind))).toEqual(new Set(['PHYSICAL', 'COUPON', 'SERVICE']));
    expect(goods.find((g) => g.name === '品牌帆布袋')).toMatchObject({ stock: 0 });
    expect(goods.some((g) => g.tierCodes?.includes('GOLD'))).toBe(true);
    expect(goods.some((g) => g.saleStartsAt && Date.parse(g.saleStartsAt) > Date.now())).toBe(true);
    expect(goods.filter((g) => g.featured).length).toBeGreaterThanOrEqual(3);
    const orders = (await s.http.get('/api/v1/admin/mall/orders?pageSize=50').set(bearer(admin)).expect(200)).body
      .items as { status: string; memberNickname: string }[];
    expect(new Set(orders.map((o) => o.status))).toEqual(new Set(['READY', 'DONE', 'CANCELLED', 'EXPIRED']));
    // Points + cash, paid through the sandbox WeChat Pay: ready for pickup, its shipping upload on the way.
    const cash = (orders as unknown as { cashFen: number; status: string; outTradeNo: string | null }[]).find(
      (o) => o.cashFen > 0,
    );
    expect(cash).toMatchObject({ cashFen: 990, status: 'READY', outTradeNo: expect.stringMatching(/^M/) });
    const ds = s.app.get(DataSource);
    expect((await checkMallInvariants((sql, p) => ds.query(sql, p))).violations).toEqual([]);
    expect((await checkLedgerInvariants(ds)).violations).toEqual([]);
    const dash = (await s.http.get('/api/v1/admin/mall/dashboard').set(bearer(admin)).expect(200)).body;
    expect(dash.orders).toBeGreaterThanOrEqual(4);
    expect(dash.pickupRatePct).toBe(50);
  });
});
