import { DataSource } from 'typeorm';
import { checkLedgerInvariants } from '../../server/src/ledger/ledger-invariants';
import { checkoutId } from './checkout-support';
import { activeTemplate, claim, requestId } from './coupon-support';
import { bearer, loginMember, loginOperator, makeStaff, startTestServer, type TestServer } from './support';

// Default rules: 1 point per yuan, 100-point sign-up bonus, 100 points = ¥1, at most 50 % of the bill.
describe('coupons: claim, checkout tender, refunds', () => {
  let s: TestServer;
  let admin: string;
  let staffToken: string;
  beforeAll(async () => {
    s = await startTestServer();
    admin = await loginOperator(s);
    ({ staffToken } = await makeStaff(s, admin));
  });
  afterAll(async () => {
    expect((await checkLedgerInvariants(s.app.get(DataSource))).violations).toEqual([]);
    await s.close();
  });

  const buy = (memberToken: string, body: Record<string, unknown>) =>
    checkoutId(s, staffToken, memberToken).then((id) =>
      s.http
        .post('/api/v1/staff/purchases')
        .set(bearer(staffToken))
        .send({ checkoutId: id, receiptNo: requestId('RC'), ...body }),
    );

  it('claims once per member with a retry answering the first coupon, and lists it as usable', async () => {
    const t = await activeTemplate(s, admin, { perMemberLimit: 1, totalStock: 10 });
    const m = await loginMember(s);
    const first = await claim(s, m.token, t.id, 'same-key');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ templateId: t.id, status: 'USABLE', source: 'CLAIM', replayed: false });
    expect(first.body.code).toMatch(/^\d{16}$/);
    const retry = await claim(s, m.token, t.id, 'same-key');
    expect(retry.body).toEqual({ ...first.body, replayed: true });
    const second = await claim(s, m.token, t.id);
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('COUPON_LIMIT_REACHED');
    const list = await s.http.get('/api/v1/me/coupons?status=usable').set(bearer(m.token)).expect(200);
    expect(list.body.items.map((c: { id: number }) => c.id)).toEqual([first.body.id]);
    const center = await s.http.get('/api/v1/coupon-center').set(bearer(m.token)).expect(200);
    expect(center.body.find((c: { templateId: number }) => c.templateId === t.id)).toMatchObject({
      claimed: 1,
      remaining: 9,
      blocked: 'LIMIT_REACHED',
    });
  });

  it('uses the coupon as a tender: no points on the discount, once only, back on the completing refund', async () => {
    const t = await activeTemplate(s, admin);
    const m = await loginMember(s);
    const coupon = (await claim(s, m.token, t.id)).body;
    const quoteId = await checkoutId(s, staffToken, m.token);
    const quote = await s.http
      .post('/api/v1/staff/purchases/quote')
      .set(bearer(staffToken))
      .send({ checkoutId: quoteId, amountFen: 12_000 })
      .expect(200);
    expect(quote.body.coupons.best).toBe(coupon.id);
    expect(quote.body.coupons.options[0]).toMatchObject({ couponId: coupon.id, discountFen: 2000, usable: true });

    const sale = await buy(m.token, { amountFen: 12_000, couponIds: [coupon.id] });
    expect(sale.status).toBe(200);
    // ¥120 − ¥20 coupon = ¥100 paid: 100 points (plus the 100 sign-up bonus).
    expect(sale.body).toMatchObject({ couponDiscountFen: 2000, payableFen: 10_000, pointsEarned: 100, balance: 200 });
    const again = await buy(m.token, { amountFen: 12_000, couponIds: [coupon.id] });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('COUPON_NOT_USABLE');
    expect((await s.http.get(`/api/v1/me/coupons/${coupon.id}`).set(bearer(m.token))).body.status).toBe('USED');

    const refund = (amountFen: number) =>
      s.http
        .post(`/api/v1/staff/purchases/${sale.body.receiptNo}/refunds`)
        .set(bearer(staffToken))
        .send({ amountFen, refundNo: requestId('RF') });
    // Half the goods: the coupon's ¥20 is spread (¥10 of it), cash back ¥50, and the coupon stays used.
    const half = await refund(6000).expect(200);
    expect(half.body).toMatchObject({ cashRefundedFen: 5000, couponFen: 1000, couponsReturned: 0 });
    expect((await s.http.get(`/api/v1/me/coupons/${coupon.id}`).set(bearer(m.token))).body.status).toBe('USED');
    const rest = await refund(6000).expect(200);
    expect(rest.body).toMatchObject({ cashRefundedFen: 5000, couponFen: 1000, couponsReturned: 1 });
    expect((await s.http.get(`/api/v1/me/coupons/${coupon.id}`).set(bearer(m.token))).body.status).toBe('USABLE');
  });

  it('refuses a coupon below its minimum spend, and two coupons that do not stack', async () => {
    const t = await activeTemplate(s, admin, { perMemberLimit: 2 });
    const m = await loginMember(s);
    const a = (await claim(s, m.token, t.id)).body;
    const b = (await claim(s, m.token, t.id)).body;
    const low = await buy(m.token, { amountFen: 9_999, couponIds: [a.id] });
    expect(low.status).toBe(409);
    expect(low.body.code).toBe('COUPON_NOT_APPLICABLE');
    const both = await buy(m.token, { amountFen: 50_000, couponIds: [a.id, b.id] });
    expect(both.status).toBe(409);
    expect(both.body.code).toBe('COUPON_NOT_STACKABLE');
    const other = await loginMember(s);
    const foreign = await buy(other.token, { amountFen: 50_000, couponIds: [a.id] });
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('COUPON_NOT_FOUND');
  });

  it('changes only the fields a PATCH sends, guarded by the version', async () => {
    const t = await activeTemplate(s, admin, { totalStock: 100 });
    const patch = (body: Record<string, unknown>) =>
      s.http.patch(`/api/v1/admin/coupon-templates/${t.id}`).set(bearer(admin)).send(body);
    const one = await patch({ version: t.version, perMemberLimit: 2 }).expect(200);
    expect(one.body).toMatchObject({ name: '满100减20', faceValueFen: 2000, totalStock: 100, perMemberLimit: 2 });
    expect((await patch({ version: t.version, totalStock: 200 }).expect(409)).body.code).toBe(
      'COUPON_TEMPLATE_VERSION_CONFLICT',
    );
  });
});
