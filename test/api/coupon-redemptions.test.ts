import { luhnCheckDigit } from '@member/shared';
import { DataSource } from 'typeorm';
import { CouponRedemption } from '../../server/src/modules/coupons/entities/coupon-redemption.entity';
import { Coupon } from '../../server/src/modules/coupons/entities/coupon.entity';
import { checkoutId } from './checkout-support';
import { activeTemplate, claim, requestId } from './coupon-support';
import { bearer, loginMember, loginOperator, makeStaff, startTestServer, type TestServer } from './support';

const HOUR = 3_600_000;
const VOUCHER = {
  kind: 'EXCHANGE' as const,
  name: '美式咖啡兑换券',
  faceValueFen: 1800,
  minSpendFen: 0,
  itemName: '美式咖啡',
  perMemberLimit: 100,
};

describe('stand-alone voucher redemption at the counter, and its void', () => {
  let s: TestServer;
  let admin: string;
  let store: { id: number; name: string };
  let clerk: string;
  let voucher: number;
  beforeAll(async () => {
    s = await startTestServer();
    admin = await loginOperator(s);
    ({ store, staffToken: clerk } = await makeStaff(s, admin));
    voucher = (await activeTemplate(s, admin, VOUCHER)).id;
  });
  afterEach(() => s.clock.reset());
  afterAll(() => s.close());

  const lookup = (token: string, code: string) =>
    s.http.post('/api/v1/staff/coupons/lookup').set(bearer(token)).send({ code });
  const redeem = (token: string, code: string, id = requestId('CR')) =>
    s.http.post('/api/v1/staff/coupon-redemptions').set(bearer(token)).send({ code, requestId: id });
  const voidIt = (id: number, reason = '顾客未取走商品') =>
    s.http.post(`/api/v1/admin/coupon-redemptions/${id}/void`).set(bearer(admin)).send({ reason });
  const held = async (templateId = voucher) => {
    const m = await loginMember(s);
    const claimed = await claim(s, m.token, templateId);
    expect(claimed.status).toBe(201);
    return { m, c: claimed.body };
  };
  /** Another clerk of the same store. */
  const colleague = async (storeId: number) => {
    const invite = (
      await s.http.post('/api/v1/admin/staff-invites').set(bearer(admin)).send({ storeId, role: 'clerk' }).expect(201)
    ).body;
    const m = await loginMember(s);
    return (
      await s.http
        .post('/api/v1/staff/invites/redeem')
        .set(bearer(m.token))
        .send({ inviteCode: invite.inviteCode })
        .expect(200)
    ).body.token as string;
  };

  it('looks a voucher up, redeems it once, and a retry answers the first redemption', async () => {
    const { m, c } = await held();
    const seen = (await lookup(clerk, c.code).expect(200)).body;
    expect(seen).toMatchObject({
      couponId: c.id,
      code: c.code,
      terms: { kind: 'EXCHANGE', itemName: '美式咖啡', faceValueFen: 1800 },
      status: 'USABLE',
      memberNo: m.member.memberNo,
      redeemable: true,
      reasonText: null,
    });
    const key = requestId('CR');
    const first = await redeem(clerk, c.code, key).expect(201);
    expect(first.body).toMatchObject({
      couponId: c.id,
      code: c.code,
      storeId: store.id,
      storeName: store.name,
      memberNo: m.member.memberNo,
      status: 'REDEEMED',
      voidedAt: null,
      voidReason: null,
      replayed: false,
    });
    expect(first.body.staffName).toBeTruthy();
    expect((await redeem(clerk, c.code, key).expect(201)).body).toEqual({ ...first.body, replayed: true });
    const again = await redeem(clerk, c.code).expect(409);
    expect(again.body).toMatchObject({ code: 'COUPON_NOT_USABLE', message: '该兑换券已使用，不能核销' });
    expect((await redeem(clerk, (await held()).c.code, key).expect(409)).body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await lookup(clerk, c.code).expect(200)).body).toMatchObject({
      status: 'USED',
      redeemable: false,
      reasonText: '已使用',
    });
    const mine = (await s.http.get(`/api/v1/me/coupons/${c.id}`).set(bearer(m.token)).expect(200)).body;
    expect(mine).toMatchObject({ status: 'USED', usedStoreName: store.name });
    const row = await s.app.get(DataSource).getRepository(Coupon).findOneByOrFail({ id: c.id });
    expect(row).toMatchObject({ discountFen: 1800, usedStoreId: store.id, purchaseId: null });
    const audit = await s.http
      .get(`/api/v1/admin/audit-logs?action=coupon.redeemed&targetId=${first.body.id}`)
      .set(bearer(admin))
      .expect(200);
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0]).toMatchObject({ storeId: store.id });
  });

  it('answers an unknown and a malformed code alike, and refuses what cannot be redeemed here and now', async () => {
    const unknownBody = '123456789012345';
    const unknown = unknownBody + luhnCheckDigit(unknownBody);
    for (const code of [unknown, 'abc', '', '1234 5678 9012 3456']) {
      expect((await lookup(clerk, code).expect(404)).body.code).toBe('COUPON_CODE_UNKNOWN');
      expect((await redeem(clerk, code).expect(404)).body.code).toBe('COUPON_CODE_UNKNOWN');
    }
    expect((await lookup(clerk, 'x'.repeat(65)).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await redeem(clerk, unknown, 'bad key!').expect(400)).body.code).toBe('VALIDATION_FAILED');

    // Cash-off coupons are used in a sale, not on their own.
    const cashOff = (await activeTemplate(s, admin, { perMemberLimit: 100 })).id;
    const { c: cash } = await held(cashOff);
    expect((await lookup(clerk, cash.code).expect(200)).body).toMatchObject({ redeemable: false });
    expect((await redeem(clerk, cash.code).expect(409)).body.code).toBe('COUPON_NOT_EXCHANGE');

    // Only at the stores it names.
    const elsewhere = await makeStaff(s, admin);
    const local = (await activeTemplate(s, admin, { ...VOUCHER, storeIds: [elsewhere.store.id] })).id;
    const { c: onlyThere } = await held(local);
    expect((await lookup(clerk, onlyThere.code).expect(200)).body).toMatchObject({
      redeemable: false,
      reasonText: '本店不可用',
    });
    expect((await redeem(clerk, onlyThere.code).expect(409)).body.code).toBe('COUPON_NOT_APPLICABLE');
    await redeem(elsewhere.staffToken, onlyThere.code).expect(201);

    // Offered to a friend: not usable until taken back.
    const { m: giver, c: gifting } = await held();
    await s.http.post(`/api/v1/me/coupons/${gifting.id}/gift`).set(bearer(giver.token)).expect(201);
    expect((await lookup(clerk, gifting.code).expect(200)).body.reasonText).toBe('正在转赠中');
    expect((await redeem(clerk, gifting.code).expect(409)).body.code).toBe('COUPON_NOT_USABLE');

    // Past its end (to the second), or not yet begun.
    const { c: late } = await held();
    s.clock.setNow(new Date(Date.parse(late.validUntil)));
    expect((await lookup(clerk, late.code).expect(200)).body.reasonText).toBe('已过期');
    expect((await redeem(clerk, late.code).expect(409)).body.code).toBe('COUPON_NOT_USABLE');
    s.clock.reset();
    const later = (
      await activeTemplate(s, admin, { ...VOUCHER, validity: { kind: 'RELATIVE', days: 3, startsAfterDays: 2 } })
    ).id;
    const { c: early } = await held(later);
    expect((await lookup(clerk, early.code).expect(200)).body.reasonText).toBe('尚未生效');
    expect((await redeem(clerk, early.code).expect(409)).body.code).toBe('COUPON_NOT_USABLE');
  });

  it('refuses a disabled clerk and everyone at a deactivated store', async () => {
    const { c } = await held();
    const other = await makeStaff(s, admin);
    await s.http
      .patch(`/api/v1/admin/staff/${other.staff.staffId}`)
      .set(bearer(admin))
      .send({ active: false })
      .expect(200);
    expect((await lookup(other.staffToken, c.code).expect(403)).body.code).toBe('STAFF_DISABLED');
    expect((await redeem(other.staffToken, c.code).expect(403)).body.code).toBe('STAFF_DISABLED');
    const closed = await makeStaff(s, admin);
    await s.http
      .patch(`/api/v1/admin/stores/${closed.store.id}`)
      .set(bearer(admin))
      .send({ active: false })
      .expect(200);
    expect((await redeem(closed.staffToken, c.code).expect(403)).body.code).toBe('STORE_DISABLED');
    const member = await loginMember(s);
    expect((await redeem(member.token, c.code).expect(403)).body.code).toBe('NOT_STAFF');
    expect((await s.app.get(DataSource).getRepository(Coupon).findOneByOrFail({ id: c.id })).status).toBe('USABLE');
  });

  it('100 redemptions of one voucher at once from several clerks: exactly one, and its retry answers it', async () => {
    const ds = s.app.get(DataSource);
    const { c } = await held();
    const clerks = [clerk, ...(await Promise.all(Array.from({ length: 4 }, () => colleague(store.id))))];
    const keys = Array.from({ length: 100 }, (_, i) => requestId(`B${i}`));
    const answers = await Promise.all(keys.map((key, i) => redeem(clerks[i % clerks.length], c.code, key)));
    const won = answers.filter((r) => r.status === 201);
    expect(won).toHaveLength(1);
    const codes = answers.filter((r) => r.status !== 201).map((r) => `${r.status} ${r.body.code}`);
    expect(new Set(codes)).toEqual(new Set(['409 COUPON_NOT_USABLE']));
    expect(await ds.getRepository(CouponRedemption).countBy({ couponId: c.id })).toBe(1);
    const row = await ds.getRepository(Coupon).findOneByOrFail({ id: c.id });
    expect(row).toMatchObject({ status: 'USED', discountFen: 1800, purchaseId: null });
    const i = answers.indexOf(won[0]);
    const retry = await redeem(clerks[(i + 1) % clerks.length], c.code, keys[i]).expect(201);
    expect(retry.body).toEqual({ ...won[0].body, replayed: true });
  });

  it('an operator voids within the window: the voucher comes back; not twice, not late', async () => {
    const { m, c } = await held();
    const r = (await redeem(clerk, c.code).expect(201)).body;
    const voided = (await voidIt(r.id).expect(200)).body;
    expect(voided).toMatchObject({
      id: r.id,
      couponId: c.id,
      storeName: store.name,
      staffName: r.staffName,
      memberNo: m.member.memberNo,
      status: 'VOIDED',
      voidReason: '顾客未取走商品',
    });
    expect(voided.voidedAt).toBeTruthy();
    expect((await s.http.get(`/api/v1/me/coupons/${c.id}`).set(bearer(m.token)).expect(200)).body).toMatchObject({
      status: 'USABLE',
      usedAt: null,
      usedStoreName: null,
    });
    expect((await voidIt(r.id).expect(409)).body.code).toBe('COUPON_REDEMPTION_VOIDED');
    expect((await voidIt(2_000_000_000).expect(404)).body.code).toBe('COUPON_REDEMPTION_NOT_FOUND');
    expect((await voidIt(r.id, 'x').expect(400)).body.code).toBe('VALIDATION_FAILED');
    const audit = await s.http
      .get(`/api/v1/admin/audit-logs?action=coupon.redemption_voided&targetId=${r.id}`)
      .set(bearer(admin))
      .expect(200);
    expect(audit.body.items[0]).toMatchObject({ reason: '顾客未取走商品', storeId: store.id });

    // Redeemed again, the window counts from this redemption: 24 h later it is too late.
    const r2 = (await redeem(clerk, c.code).expect(201)).body;
    s.clock.setNow(new Date(Date.parse(r2.createdAt) + 24 * HOUR));
    expect((await voidIt(r2.id).expect(409)).body.code).toBe('COUPON_VOID_WINDOW_PASSED');
  });

  it('a voucher voided after its end comes back expired', async () => {
    const now = s.clock.nowMs();
    const validity = {
      kind: 'FIXED' as const,
      from: new Date(now - HOUR).toISOString(),
      until: new Date(now + 2 * HOUR).toISOString(),
    };
    const { c } = await held((await activeTemplate(s, admin, { ...VOUCHER, validity })).id);
    const r = (await redeem(clerk, c.code).expect(201)).body;
    s.clock.setNow(new Date(now + 3 * HOUR));
    await voidIt(r.id).expect(200);
    expect((await s.app.get(DataSource).getRepository(Coupon).findOneByOrFail({ id: c.id })).status).toBe('EXPIRED');
  });

  it('a voucher that paid for a sale is never given back by a void (only by the refund)', async () => {
    const ds = s.app.get(DataSource);
    const { m, c } = await held();
    const r = (await redeem(clerk, c.code).expect(201)).body;
    await voidIt(r.id).expect(200);
    const sale = await s.http
      .post('/api/v1/staff/purchases')
      .set(bearer(clerk))
      .send({
        checkoutId: await checkoutId(s, clerk, m.token),
        amountFen: 3000,
        receiptNo: requestId('RC'),
        couponIds: [c.id],
      })
      .expect(200);
    expect(sale.body.couponDiscountFen).toBe(1800);
    expect((await voidIt(r.id).expect(409)).body.code).toBe('COUPON_REDEMPTION_VOIDED');
    // Even a redemption row pointing at it (none is ever written for a sale) cannot free it.
    const forged = await ds.getRepository(CouponRedemption).save({
      couponId: c.id,
      storeId: store.id,
      staffId: 1,
      status: 'REDEEMED',
      createdAt: s.clock.now(),
      voidedBy: null,
      voidedAt: null,
      voidReason: null,
    });
    expect((await voidIt(forged.id).expect(409)).body).toMatchObject({
      code: 'COUPON_NOT_USABLE',
      message: '该券已在收款中使用，只能通过整单退款退回',
    });
    const row = await ds.getRepository(Coupon).findOneByOrFail({ id: c.id });
    expect(row).toMatchObject({ status: 'USED', purchaseId: sale.body.purchaseId });
    expect((await ds.getRepository(CouponRedemption).findOneByOrFail({ id: forged.id })).status).toBe('REDEEMED');
    // Leave the data as the invariants expect it (a used coupon has one sale or one live redemption).
    await ds.getRepository(CouponRedemption).delete({ id: forged.id });
  });
});
