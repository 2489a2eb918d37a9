import type { StaffSaleItem, StaffSalesPage } from '@member/shared';
import { ringUpSale } from '../fixtures/sale-setup';
import { bearer, loginMember, loginOperator, makeStaff, startTestServer, type TestServer } from './support';

// GET /api/v1/staff/purchases: today's sales at the clerk's store, where a refund starts.
describe('staff sales list', () => {
  let s: TestServer;
  let staffToken: string;
  let otherStoreToken: string;
  beforeAll(async () => {
    s = await startTestServer();
    const admin = await loginOperator(s);
    ({ staffToken } = await makeStaff(s, admin));
    ({ staffToken: otherStoreToken } = await makeStaff(s, admin));
  });
  afterAll(() => s.close());

  const cardCode = async (token: string) =>
    (await s.http.get('/api/v1/me/card').set(bearer(token)).expect(200)).body.code as string;
  const post = async <T>(path: string, body: unknown, token: string): Promise<T> => {
    const res = await s.http
      .post(path)
      .set(bearer(token))
      .send(body as object);
    if (res.status >= 300) throw new Error(`POST ${path} → ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body as T;
  };
  const sell = (
    memberToken: string,
    receiptNo: string,
    amountFen: number,
    opts: { staff?: string; points?: number } = {},
  ) =>
    ringUpSale(cardCode, post, {
      staffToken: opts.staff ?? staffToken,
      memberToken,
      amountFen,
      receiptNo,
      pointsToUse: opts.points,
    });
  const list = (query: Record<string, string | number>, token = staffToken) =>
    s.http.get('/api/v1/staff/purchases').query(query).set(bearer(token));
  const receipts = (page: StaffSalesPage) => page.items.map((i: StaffSaleItem) => i.receiptNo);

  it('lists only today’s sales of the clerk’s store, newest first, with cash, points and what is refundable', async () => {
    const m = await loginMember(s);
    // Yesterday's sale is not on today's list.
    s.clock.advance(-86_400);
    try {
      await sell(m.token, 'SL-OLD-1', 1_000);
    } finally {
      s.clock.advance(86_400);
    }
    await sell(m.token, 'SL-A-1', 60_000); // 100 bonus + 600 earned
    const mixed = await sell(m.token, 'SL-A-2', 10_000, { points: 500 }); // ¥5 of points, ¥95 cash
    await sell(m.token, 'SL-A-1', 2_000, { staff: otherStoreToken }); // same receipt no., another store
    await s.http
      .post('/api/v1/staff/purchases/SL-A-2/refunds')
      .set(bearer(staffToken))
      .send({ amountFen: 4_000, refundNo: 'SL-F-1' })
      .expect(200);

    const res = (await list({}).expect(200)).body as StaffSalesPage;
    expect(res.date).toBe(s.clock.today());
    expect(receipts(res)).toEqual(['SL-A-2', 'SL-A-1']);
    expect(res).toMatchObject({ total: 2, page: 1, pageSize: 20 });
    const memberNo = (await s.http.get('/api/v1/me').set(bearer(m.token))).body.memberNo as string;
    expect(res.items[0]).toEqual({
      receiptNo: 'SL-A-2',
      createdAt: mixed.createdAt,
      nickname: expect.any(String),
      memberNoMasked: `${memberNo.slice(0, 4)}****${memberNo.slice(-2)}`,
      amountFen: 10_000,
      payableFen: 9_500,
      couponDiscountFen: 0,
      pointsUsed: 500,
      refundedFen: 4_000,
      refundableFen: 6_000,
    });
    expect(JSON.stringify(res)).not.toContain(memberNo);

    const other = (await list({}, otherStoreToken).expect(200)).body as StaffSalesPage;
    expect(other.items).toEqual([expect.objectContaining({ receiptNo: 'SL-A-1', amountFen: 2_000 })]);
  });

  it('finds a sale by receipt no. prefix (byte-exact), by member no. and by nickname', async () => {
    const ana = await loginMember(s);
    const bo = await loginMember(s);
    await s.http.patch('/api/v1/me').set(bearer(ana.token)).send({ nickname: '小安%_🐶' }).expect(200);
    await sell(ana.token, 'SQabc-1', 1_000);
    await sell(bo.token, 'SQABC-2', 1_000);
    await sell(bo.token, 'SQabd-3', 1_000);

    const find = async (q: string) => receipts((await list({ q }).expect(200)).body).sort();
    expect(await find('SQabc')).toEqual(['SQabc-1']);
    expect(await find('SQAB')).toEqual(['SQABC-2']);
    expect(await find('SQab')).toEqual(['SQabc-1', 'SQabd-3']);
    expect(await find('  SQabd-3 ')).toEqual(['SQabd-3']);
    expect(await find('sqabc')).toEqual([]);
    // Nicknames: a part of one, wildcards taken literally.
    expect(await find('小安')).toEqual(['SQabc-1']);
    expect(await find('%_')).toEqual(['SQabc-1']);
    expect(await find('%')).toEqual(['SQabc-1']);
    // Member no.: the whole number.
    const boNo = (await s.http.get('/api/v1/me').set(bearer(bo.token))).body.memberNo as string;
    expect(await find(boNo)).toEqual(['SQABC-2', 'SQabd-3']);
    expect(await find('no-such-sale')).toEqual([]);
  });

  it('pages through the list and refuses out-of-range paging with 400', async () => {
    const m = await loginMember(s);
    for (let i = 1; i <= 5; i++) await sell(m.token, `SP-${i}`, 100 * i);
    const page2 = (await list({ q: 'SP-', page: 2, pageSize: 2 }).expect(200)).body as StaffSalesPage;
    expect(page2).toMatchObject({ total: 5, page: 2, pageSize: 2 });
    expect(receipts(page2)).toEqual(['SP-3', 'SP-2']);
    expect(receipts((await list({ q: 'SP-', page: 4, pageSize: 2 }).expect(200)).body)).toEqual([]);

    const bads: Record<string, string | number>[] = [
      { page: '1e20' },
      { page: 0 },
      { page: -1 },
      { page: 1.5 },
      { page: 'abc' },
      { page: 10_001 },
      { pageSize: 0 },
      { pageSize: 51 },
      { q: 'x'.repeat(65) },
    ];
    for (const bad of bads) {
      const res = await list(bad);
      expect([JSON.stringify(bad), res.status, res.body.code]).toEqual([JSON.stringify(bad), 400, 'VALIDATION_FAILED']);
    }
    await s.http.get('/api/v1/staff/purchases').expect(401);
    // A member token is not a staff token.
    await s.http.get('/api/v1/staff/purchases').set(bearer(m.token)).expect(403);
  });
});
