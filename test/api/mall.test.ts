import { DataSource } from 'typeorm';
import { MallExpiryJob } from '../../server/src/modules/mall/mall-expiry.job';
import { drawDemoImage } from '../../server/src/modules/media/demo-media.seed';
import { MediaService } from '../../server/src/modules/media/media.service';
import { activeTemplate } from './coupon-support';
import { expectMallInvariants, givePoints, goodsBody, onSale, pointsOf, redeem, rid } from './mall-support';
import { bearer, loginMember, loginOperator, makeStaff, startTestServer, type TestServer } from './support';

jest.setTimeout(120_000);

// Shanghai is UTC+8: 16:00Z is midnight there.
const SH_MIDNIGHT = (date: string) => new Date(`${date}T16:00:00.000Z`);

describe('points mall', () => {
  let s: TestServer;
  let admin: string;
  let store: { id: number };
  let staffToken: string;
  let other: { store: { id: number }; staffToken: string };

  beforeAll(async () => {
    s = await startTestServer();
    admin = await loginOperator(s);
    ({ store, staffToken } = await makeStaff(s, admin));
    other = await makeStaff(s, admin);
  });
  afterEach(() => s.clock.reset());
  afterAll(async () => {
    await expectMallInvariants(s);
    await s.close();
  });

  /** A member holding `points` (the sign-up bonus topped up to it; at least the bonus). */
  async function member(points: number) {
    const m = await loginMember(s);
    const have = await pointsOf(s, m.member.id);
    if (points > have) await givePoints(s, m.member.id, points - have);
    return { id: m.member.id as number, token: m.token };
  }

  it('operators build the shelf; members see categories, cards and detail with their standing', async () => {
    const cat = await s.http
      .post('/api/v1/admin/mall/categories')
      .set(bearer(admin))
      .send({ name: `饮品${rid()}`.slice(0, 16), sortOrder: 1 })
      .expect(201);
    const g = await onSale(
      s,
      admin,
      goodsBody([store.id], { categoryId: cat.body.id, stock: 5, pointsPrice: 300, perMemberLimit: 2, featured: true }),
    );
    expect(g).toMatchObject({ status: 'ON_SALE', stock: 5, soldCount: 0, version: 1 });
    const m = await member(500);
    const cats = (await s.http.get('/api/v1/mall/categories').set(bearer(m.token)).expect(200)).body;
    expect(cats.find((c: { id: number }) => c.id === cat.body.id)).toMatchObject({ goodsCount: 1 });
    const page = (await s.http.get(`/api/v1/mall/goods?categoryId=${cat.body.id}`).set(bearer(m.token)).expect(200))
      .body;
    expect(page.items).toEqual([
      expect.objectContaining({ id: g.id, redeemable: true, blockReason: null, stockLeft: 5, stockHint: '仅剩 5 件' }),
    ]);
    const featured = (await s.http.get('/api/v1/mall/goods?featured=true').set(bearer(m.token)).expect(200)).body;
    expect(featured.items.map((i: { id: number }) => i.id)).toContain(g.id);
    const detail = (await s.http.get(`/api/v1/mall/goods/${g.id}`).set(bearer(m.token)).expect(200)).body;
    expect(detail).toMatchObject({
      pointsBalance: 500,
      takenInPeriod: 0,
      perMemberLimit: 2,
      pickupStores: [expect.objectContaining({ id: store.id })],
      images: [],
    });
    const poor = await member(100);
    const card = (await s.http.get(`/api/v1/mall/goods/${g.id}`).set(bearer(poor.token)).expect(200)).body;
    expect(card).toMatchObject({ redeemable: false, blockReason: 'NOT_ENOUGH_POINTS' });
    // Drafts are not on the shelf.
    const draft = await s.http
      .post('/api/v1/admin/mall/goods')
      .set(bearer(admin))
      .send(goodsBody([store.id]))
      .expect(201);
    await s.http.get(`/api/v1/mall/goods/${draft.body.id}`).set(bearer(m.token)).expect(404);
  });

  it('redeems: points debited, stock taken, pickup code; a retry answers the first, another body is 409', async () => {
    const g = await onSale(s, admin, goodsBody([store.id], { stock: 3, pointsPrice: 200 }));
    const m = await member(1000);
    const requestId = rid();
    const first = await redeem(s, m.token, { goodsId: g.id, quantity: 2, requestId }).expect(201);
    expect(first.body).toMatchObject({ pay: null, pointsBalance: 600, replayed: false });
    expect(first.body.order).toMatchObject({
      status: 'READY',
      quantity: 2,
      pointsTotal: 400,
      pickupStore: expect.objectContaining({ id: store.id }),
      canCancel: true,
    });
    expect(first.body.order.pickupCode).toMatch(/^\d{6}$/);
    expect(first.body.order.pickupQr).toBe(`MALL:${first.body.order.pickupCode}`);
    const again = await redeem(s, m.token, { goodsId: g.id, quantity: 2, requestId }).expect(201);
    expect(again.body).toMatchObject({ replayed: true, order: { id: first.body.order.id } });
    const reused = await redeem(s, m.token, { goodsId: g.id, quantity: 1, requestId }).expect(409);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await pointsOf(s, m.id)).toBe(600);
    const out = await redeem(s, m.token, { goodsId: g.id, quantity: 2 }).expect(409);
    expect(out.body).toMatchObject({ code: 'MALL_OUT_OF_STOCK', message: '手慢了，该商品已兑完' });
    const admin1 = (await s.http.get(`/api/v1/admin/mall/goods/${g.id}`).set(bearer(admin)).expect(200)).body;
    expect(admin1).toMatchObject({ stock: 1, soldCount: 2 });
    const poor = await member(50);
    expect((await redeem(s, poor.token, { goodsId: g.id }).expect(409)).body.code).toBe('MALL_NOT_ENOUGH_POINTS');
    const list = (await s.http.get('/api/v1/me/mall/orders?tab=READY').set(bearer(m.token)).expect(200)).body;
    expect(list).toMatchObject({ total: 1, items: [{ id: first.body.order.id }] });
    // Someone else's order is no one's business.
    await s.http.get(`/api/v1/me/mall/orders/${first.body.order.id}`).set(bearer(poor.token)).expect(404);
  });

  it('limits units per member per Asia/Shanghai day, and the next day starts afresh', async () => {
    s.clock.setNow(new Date(SH_MIDNIGHT('2026-12-09').getTime() - 60_000)); // 23:59 on the 9th in Shanghai
    const g = await onSale(s, admin, goodsBody([store.id], { perMemberLimit: 2, limitPeriod: 'DAY' }));
    const m = await member(1000);
    await redeem(s, m.token, { goodsId: g.id, quantity: 2 }).expect(201);
    expect((await redeem(s, m.token, { goodsId: g.id }).expect(409)).body.code).toBe('MALL_LIMIT_REACHED');
    const card = (await s.http.get(`/api/v1/mall/goods/${g.id}`).set(bearer(m.token)).expect(200)).body;
    expect(card).toMatchObject({ blockReason: 'LIMIT_REACHED', takenInPeriod: 2 });
    s.clock.setNow(SH_MIDNIGHT('2026-12-09')); // 00:00 on the 10th
    await redeem(s, m.token, { goodsId: g.id }).expect(201);
    const total = await onSale(s, admin, goodsBody([store.id], { perMemberLimit: 1, limitPeriod: 'TOTAL' }));
    await redeem(s, m.token, { goodsId: total.id }).expect(201);
    s.clock.setNow(SH_MIDNIGHT('2027-02-01'));
    expect((await redeem(s, m.token, { goodsId: total.id }).expect(409)).body.code).toBe('MALL_LIMIT_REACHED');
  });

  it('keeps the sale window and the tiers', async () => {
    const now = s.clock.now().getTime();
    const later = await onSale(
      s,
      admin,
      goodsBody([store.id], { saleStartsAt: new Date(now + 3600_000).toISOString() }),
    );
    const over = await onSale(
      s,
      admin,
      goodsBody([store.id], {
        saleStartsAt: new Date(now - 7200_000).toISOString(),
        saleEndsAt: new Date(now + 60_000).toISOString(),
      }),
    );
    const gold = await onSale(s, admin, goodsBody([store.id], { tierCodes: ['GOLD'] }));
    const m = await member(1000);
    expect((await redeem(s, m.token, { goodsId: later.id }).expect(409)).body.code).toBe('MALL_SALE_NOT_STARTED');
    expect((await redeem(s, m.token, { goodsId: gold.id }).expect(403)).body.code).toBe('MALL_NOT_ELIGIBLE');
    const card = (await s.http.get(`/api/v1/mall/goods/${gold.id}`).set(bearer(m.token)).expect(200)).body;
    expect(card.blockReason).toBe('NOT_ELIGIBLE');
    await s.http
      .put(`/api/v1/admin/members/${m.id}/tier`)
      .set(bearer(admin))
      .send({ tierCode: 'GOLD', pinned: true, reason: '测试升级' })
      .expect(200);
    await redeem(s, m.token, { goodsId: gold.id }).expect(201);
    s.clock.setNow(new Date(now + 120_000));
    expect((await redeem(s, m.token, { goodsId: over.id }).expect(409)).body.code).toBe('MALL_SALE_ENDED');
    // Off sale: no more redemptions.
    const off = await s.http
      .post(`/api/v1/admin/mall/goods/${gold.id}/status`)
      .set(bearer(admin))
      .send({
        status: 'OFF_SALE',
        version: (await s.http.get(`/api/v1/admin/mall/goods/${gold.id}`).set(bearer(admin))).body.version,
      })
      .expect(200);
    expect(off.body.status).toBe('OFF_SALE');
    expect((await redeem(s, m.token, { goodsId: gold.id }).expect(409)).body.code).toBe('MALL_GOODS_OFF_SALE');
  });

  it('cancels once: points, stock and quota come back exactly once under concurrent cancels', async () => {
    const g = await onSale(s, admin, goodsBody([store.id], { stock: 2, perMemberLimit: 1, pointsPrice: 250 }));
    const m = await member(1000);
    const order = (await redeem(s, m.token, { goodsId: g.id }).expect(201)).body.order;
    expect(await pointsOf(s, m.id)).toBe(750);
    const answers = await Promise.all(
      [0, 1, 2, 3].map(() => s.http.post(`/api/v1/me/mall/orders/${order.id}/cancel`).set(bearer(m.token))),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409]);
    const done = answers.find((a) => a.status === 200)!.body;
    expect(done).toMatchObject({ status: 'CANCELLED', endReason: '会员取消', pickupCode: null, canCancel: false });
    expect(await pointsOf(s, m.id)).toBe(1000);
    const after = (await s.http.get(`/api/v1/admin/mall/goods/${g.id}`).set(bearer(admin)).expect(200)).body;
    expect(after).toMatchObject({ stock: 2, soldCount: 0 });
    // The quota came back too: the member may redeem again.
    await redeem(s, m.token, { goodsId: g.id }).expect(201);
  });

  it('expires unpicked orders after the pickup window, giving back once even racing a cancel', async () => {
    const g = await onSale(s, admin, goodsBody([store.id], { stock: 10, pickupDays: 1, pointsPrice: 100 }));
    const m = await member(1000);
    const a = (await redeem(s, m.token, { goodsId: g.id }).expect(201)).body.order;
    const b = (await redeem(s, m.token, { goodsId: g.id }).expect(201)).body.order;
    expect(a.pickupUntil).toBe(
      new Date(s.clock.now().getTime() + 8 * 3600_000 + 86_400_000).toISOString().slice(0, 10),
    );
    // The last day still counts; the day after it the job ends them.
    s.clock.setNow(new Date(Date.parse(`${a.pickupUntil}T12:00:00+08:00`)));
    expect((await s.app.get(MallExpiryJob).expire()).expired).toBe(0);
    s.clock.setNow(new Date(Date.parse(`${a.pickupUntil}T00:00:00+08:00`) + 86_400_000 + 60_000));
    const [job, cancel] = await Promise.all([
      s.app.get(MallExpiryJob).expire(),
      s.http.post(`/api/v1/me/mall/orders/${b.id}/cancel`).set(bearer(m.token)),
    ]);
    expect(job.expired + (cancel.status === 200 ? 1 : 0)).toBe(2);
    expect((await s.app.get(MallExpiryJob).expire()).expired).toBe(0);
    const view = (await s.http.get(`/api/v1/me/mall/orders/${a.id}`).set(bearer(m.token)).expect(200)).body;
    expect(view).toMatchObject({ status: 'EXPIRED', endReason: '未在有效期内自提', pickupCode: null });
    expect(await pointsOf(s, m.id)).toBe(1000);
    expect((await s.http.get(`/api/v1/admin/mall/goods/${g.id}`).set(bearer(admin))).body).toMatchObject({
      stock: 10,
      soldCount: 0,
    });
    await expectMallInvariants(s);
  });

  it('coupon goods issue their coupon at once through the coupons module and are done', async () => {
    const t = await activeTemplate(s, admin, { trigger: 'MANUAL', totalStock: 1, name: '拿铁券' });
    const g = await onSale(
      s,
      admin,
      goodsBody([], { kind: 'COUPON', couponTemplateId: t.id, pointsPrice: 500, pickupStoreIds: [] }),
    );
    const m = await member(2000);
    const detail = (await s.http.get(`/api/v1/mall/goods/${g.id}`).set(bearer(m.token)).expect(200)).body;
    expect(detail.coupon).toMatchObject({ templateId: t.id, name: '拿铁券' });
    const res = (await redeem(s, m.token, { goodsId: g.id }).expect(201)).body;
    expect(res.order).toMatchObject({ status: 'DONE', pickupCode: null, canCancel: false, pickupStore: null });
    expect(res.order.couponId).toEqual(expect.any(Number));
    const coupon = (await s.http.get(`/api/v1/me/coupons/${res.order.couponId}`).set(bearer(m.token)).expect(200)).body;
    expect(coupon).toMatchObject({ status: 'USABLE', source: 'MALL' });
    await s.http.post(`/api/v1/me/mall/orders/${res.order.id}/cancel`).set(bearer(m.token)).expect(409);
    // The template's own stock is gone: the next redemption is refused and nothing is debited.
    const n = await member(2000);
    expect((await redeem(s, n.token, { goodsId: g.id }).expect(409)).body.code).toBe('MALL_OUT_OF_STOCK');
    expect(await pointsOf(s, n.id)).toBe(2000);
  });

  it('shows uploaded images (cover on the card, all on the detail) and refuses ids that do not exist', async () => {
    const media = s.app.get(MediaService);
    const [cover, second] = [
      await media.store(await drawDemoImage('tote'), null),
      await media.store(await drawDemoImage('mug'), null),
    ];
    const g = await onSale(s, admin, goodsBody([store.id], { imageIds: [cover.id, second.id] }));
    expect(g.images.map((i) => i.id)).toEqual([cover.id, second.id]);
    const m = await member(100);
    const page = (await s.http.get('/api/v1/mall/goods?pageSize=100').set(bearer(m.token)).expect(200)).body;
    expect(page.items.find((i: { id: number }) => i.id === g.id)).toMatchObject({
      imageUrl: cover.url,
      thumbUrl: cover.thumbUrl,
    });
    const detail = (await s.http.get(`/api/v1/mall/goods/${g.id}`).set(bearer(m.token)).expect(200)).body;
    expect(detail.images.map((i: { id: number }) => i.id)).toEqual([cover.id, second.id]);
    const order = (await redeem(s, m.token, { goodsId: g.id }).expect(201)).body.order;
    expect(order.goods.thumbUrl).toBe(cover.thumbUrl);
    const bad = await s.http
      .post('/api/v1/admin/mall/goods')
      .set(bearer(admin))
      .send(goodsBody([store.id], { imageIds: [2_000_000_000] }))
      .expect(400);
    expect(bad.body.code).toBe('MALL_GOODS_INVALID');
  });

  it('points + cash goods wait for WeChat Pay (the cash part: mall-pay.test.ts)', async () => {
    const g = await onSale(s, admin, goodsBody([store.id], { cashFen: 990, pointsPrice: 100 }));
    const m = await member(1000);
    const card = (await s.http.get(`/api/v1/mall/goods/${g.id}`).set(bearer(m.token)).expect(200)).body;
    expect(card).toMatchObject({ cashFen: 990, pointsPrice: 100 });
    const res = (await redeem(s, m.token, { goodsId: g.id }).expect(201)).body;
    expect(res).toMatchObject({ order: { status: 'PENDING_PAYMENT', cashFen: 990 }, pay: { signType: 'RSA' } });
  });

  it('staff hand over in their own store only, once, idempotent by request id; today lists it', async () => {
    const g = await onSale(s, admin, goodsBody([store.id]));
    const m = await member(1000);
    const order = (await redeem(s, m.token, { goodsId: g.id }).expect(201)).body.order;
    const elsewhere = await s.http
      .post('/api/v1/staff/mall/pickups/lookup')
      .set(bearer(other.staffToken))
      .send({ code: order.pickupQr })
      .expect(200);
    expect(elsewhere.body).toMatchObject({ blockReason: 'OTHER_STORE', order: { id: order.id } });
    const refused = await s.http
      .post('/api/v1/staff/mall/pickups')
      .set(bearer(other.staffToken))
      .send({ code: order.pickupCode, requestId: rid() })
      .expect(403);
    expect(refused.body.code).toBe('MALL_PICKUP_OTHER_STORE');
    const here = await s.http
      .post('/api/v1/staff/mall/pickups/lookup')
      .set(bearer(staffToken))
      .send({ code: order.pickupCode })
      .expect(200);
    expect(here.body).toMatchObject({ blockReason: null, member: { memberNo: expect.any(String) } });
    const requestId = rid();
    const first = await s.http
      .post('/api/v1/staff/mall/pickups')
      .set(bearer(staffToken))
      .send({ code: order.pickupQr, requestId })
      .expect(201);
    expect(first.body).toMatchObject({ replayed: false, order: { status: 'DONE', pickupCode: null } });
    const replay = await s.http
      .post('/api/v1/staff/mall/pickups')
      .set(bearer(staffToken))
      .send({ code: order.pickupQr, requestId })
      .expect(201);
    expect(replay.body).toMatchObject({ replayed: true, order: { id: order.id, status: 'DONE' } });
    await s.http
      .post('/api/v1/staff/mall/pickups')
      .set(bearer(staffToken))
      .send({ code: '000000', requestId })
      .expect(409);
    // The code was cleared with the hand-over: a second clerk finds nothing.
    await s.http
      .post('/api/v1/staff/mall/pickups')
      .set(bearer(staffToken))
      .send({ code: order.pickupCode, requestId: rid() })
      .expect(404);
    const today = (await s.http.get('/api/v1/staff/mall/pickups/today').set(bearer(staffToken)).expect(200)).body;
    expect(today.map((p: { order: { id: number } }) => p.order.id)).toContain(order.id);
    const mine = (await s.http.get(`/api/v1/me/mall/orders/${order.id}`).set(bearer(m.token)).expect(200)).body;
    expect(mine).toMatchObject({ status: 'DONE', canCancel: false });
    await s.http.post(`/api/v1/me/mall/orders/${order.id}/cancel`).set(bearer(m.token)).expect(409);
    const audit = (
      await s.http.get('/api/v1/admin/audit-logs?action=mall_order.picked_up').set(bearer(admin)).expect(200)
    ).body;
    expect(audit.items.some((r: { targetId: string }) => r.targetId === String(order.id))).toBe(true);
    // The console sees who handed it over.
    const rows = (await s.http.get(`/api/v1/admin/mall/orders?goodsId=${g.id}`).set(bearer(admin)).expect(200)).body;
    expect(rows.items[0]).toMatchObject({ id: order.id, status: 'DONE', pickedUpByStaffId: expect.any(Number) });
  });

  it('operators adjust stock (never below zero, audited), edit with a version, export and read figures', async () => {
    const g = await onSale(s, admin, goodsBody([store.id], { stock: 2 }));
    const adjust = (body: Record<string, unknown>) =>
      s.http.post(`/api/v1/admin/mall/goods/${g.id}/stock`).set(bearer(admin)).send(body);
    const below = await adjust({ delta: -3, reason: '盘点少了', version: g.version }).expect(409);
    expect(below.body.code).toBe('MALL_STOCK_ADJUST_INVALID');
    const added = (await adjust({ delta: 5, reason: '补货', version: g.version }).expect(200)).body;
    expect(added).toMatchObject({ stock: 7, version: g.version + 1 });
    expect((await adjust({ delta: 1, reason: '补货', version: g.version }).expect(409)).body.code).toBe(
      'MALL_GOODS_VERSION_CONFLICT',
    );
    const stale = await s.http
      .put(`/api/v1/admin/mall/goods/${g.id}`)
      .set(bearer(admin))
      .send({ ...goodsBody([store.id]), version: g.version });
    expect(stale.status).toBe(409);
    const edited = await s.http
      .put(`/api/v1/admin/mall/goods/${g.id}`)
      .set(bearer(admin))
      .send({ ...goodsBody([store.id], { name: '新名字' }), version: added.version })
      .expect(200);
    expect(edited.body).toMatchObject({ name: '新名字', stock: 7 });
    const bad = await s.http
      .post(`/api/v1/admin/mall/goods/${g.id}/status`)
      .set(bearer(admin))
      .send({ status: 'DRAFT', version: edited.body.version })
      .expect(409);
    expect(bad.body.code).toBe('MALL_GOODS_STATUS_INVALID');
    const audit = (
      await s.http.get('/api/v1/admin/audit-logs?action=mall_goods.stock_adjusted').set(bearer(admin)).expect(200)
    ).body;
    expect(audit.items[0]).toMatchObject({ reason: '补货' });
    const m = await member(1000);
    await redeem(s, m.token, { goodsId: g.id }).expect(201);
    const csv = await s.http.get(`/api/v1/admin/mall/orders.csv?goodsId=${g.id}`).set(bearer(admin)).expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text.startsWith('\uFEFF订单号')).toBe(true);
    expect(csv.text.split('\r\n').filter(Boolean)).toHaveLength(2);
    const dash = (await s.http.get('/api/v1/admin/mall/dashboard').set(bearer(admin)).expect(200)).body;
    expect(dash.orders).toBeGreaterThan(0);
    expect(dash.daily).toHaveLength(30);
    expect(dash.topGoods.length).toBeGreaterThan(0);
    await s.http.get('/api/v1/admin/mall/dashboard?from=2026-12-10&to=2026-12-01').set(bearer(admin)).expect(400);
    const ds = s.app.get(DataSource);
    const [row] = await ds.query('SELECT stock, stock_total, sold_count FROM mall_goods WHERE id = ?', [g.id]);
    expect(Number(row.stock) + Number(row.sold_count)).toBe(Number(row.stock_total));
  });
});
