import request from 'supertest';
import { startApp } from '../../server/src/app.factory';
import { AppConfig } from '../../server/src/config/app-config';
import { loadConfig } from '../../server/src/config/load-config';
import { ADMIN } from '../fixtures/test-server';
import { createTestDatabase } from '../fixtures/test-database';
import { cardCode, checkoutId } from './checkout-support';
import { bearer, loginMember, loginOperator, makeStaff, type TestServer } from './support';

const MAX_BILL_FEN = 100_000; // ¥1,000 without a manager
// The machine is shared; PINs are hashed with scrypt on purpose.
jest.setTimeout(60_000);
const PER_HOUR = 4;

/** The whole server with small clerk limits, so a test reaches them in a few sales. */
async function startWithLimits(): Promise<TestServer> {
  const db = await createTestDatabase();
  const config = new AppConfig(
    loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      DATA_DIR: db.dataDir,
      OPERATOR_BOOTSTRAP_USERNAME: ADMIN.username,
      OPERATOR_BOOTSTRAP_PASSWORD: ADMIN.password,
    }),
  ).with((c) => {
    c.sales.clerkMaxBillFen = MAX_BILL_FEN;
    c.sales.clerkPurchasesPerHour = PER_HOUR;
  });
  const started = await startApp(config, { logger: false });
  return Object.assign(started, {
    config,
    db,
    http: request(started.url),
    close: async () => {
      await started.app.close();
      await db.drop();
    },
  });
}

// A clerk cannot reward themselves: no sale to their own card, every sale audited, and bills above the
// clerk's limits need a manager of the store, who approves on the clerk's phone with their own PIN.
describe('clerk limits and manager approval', () => {
  let s: TestServer;
  let admin: string;
  let shop: Awaited<ReturnType<typeof makeStaff>>;
  let managerToken: string;
  let managerStaffId: number;
  const PIN = '246810';

  beforeAll(async () => {
    s = await startWithLimits();
    admin = await loginOperator(s);
    shop = await makeStaff(s, admin);
    const invite = (
      await s.http
        .post('/api/v1/admin/staff-invites')
        .set(bearer(admin))
        .send({ storeId: shop.store.id, role: 'manager' })
        .expect(201)
    ).body;
    const boss = await loginMember(s);
    const preview = await s.http
      .post('/api/v1/staff/invites/preview')
      .set(bearer(boss.token))
      .send({ inviteCode: invite.inviteCode })
      .expect(200);
    expect(preview.body).toMatchObject({ storeName: shop.store.name, role: 'manager', roleLabel: '店长' });
    const session = (
      await s.http
        .post('/api/v1/staff/invites/redeem')
        .set(bearer(boss.token))
        .send({ inviteCode: invite.inviteCode, pin: PIN })
        .expect(200)
    ).body;
    managerToken = session.token;
    managerStaffId = session.staff.staffId;
    expect(session.staff).toMatchObject({ role: 'manager', pinSet: true });
  });
  afterAll(() => s.close());

  let seq = 0;
  const receipt = () => `CL${Date.now()}${++seq}`;
  const buy = (checkout: number, amountFen: number, approvalId?: number, token = shop.staffToken) =>
    s.http
      .post('/api/v1/staff/purchases')
      .set(bearer(token))
      .send({ checkoutId: checkout, amountFen, receiptNo: receipt(), ...(approvalId ? { approvalId } : {}) });
  const approve = (body: Record<string, unknown>, token = shop.staffToken) =>
    s.http.post('/api/v1/staff/approvals').set(bearer(token)).send(body);

  it('refuses a checkout on the clerk’s own card (and leaves the code usable)', async () => {
    const code = await cardCode(s, shop.clerk.token);
    const res = await s.http
      .post('/api/v1/staff/checkouts')
      .set(bearer(shop.staffToken))
      .send({ memberCode: code })
      .expect(403);
    expect(res.body.code).toBe('CHECKOUT_OWN_CARD');
    await s.http.post('/api/v1/staff/checkouts').set(bearer(managerToken)).send({ memberCode: code }).expect(201);
  });

  it('audits every purchase with the clerk, the store and the bill', async () => {
    const m = await loginMember(s);
    const sale = await buy(await checkoutId(s, shop.staffToken, m.token), 8_800).expect(200);
    const audit = await s.http
      .get('/api/v1/admin/audit-logs')
      .query({ action: 'purchase.recorded', targetType: 'member', targetId: String(m.member.id) })
      .set(bearer(admin))
      .expect(200);
    expect(audit.body.items).toEqual([
      expect.objectContaining({
        actorType: 'staff',
        storeId: shop.store.id,
        after: expect.objectContaining({ receiptNo: sale.body.receiptNo, amountFen: 8_800, pointsEarned: 88 }),
      }),
    ]);
  });

  it('holds a bill over the limit for a manager’s PIN, bound to that checkout and amount, once', async () => {
    const m = await loginMember(s);
    const checkout = await checkoutId(s, shop.staffToken, m.token);
    const quote = await s.http
      .post('/api/v1/staff/purchases/quote')
      .set(bearer(shop.staffToken))
      .send({ checkoutId: checkout, amountFen: 1_000_000_00 })
      .expect(200);
    expect(quote.body.approval).toEqual({ reason: 'bill_over_limit', maxBillFen: MAX_BILL_FEN });
    const refused = await buy(checkout, 1_000_000_00).expect(403);
    expect(refused.body.code).toBe('SALE_APPROVAL_REQUIRED');

    const approvers = (await s.http.get('/api/v1/staff/approvers').set(bearer(shop.staffToken)).expect(200)).body;
    expect(approvers).toEqual([expect.objectContaining({ staffId: managerStaffId })]);

    const wrong = await approve({
      checkoutId: checkout,
      amountFen: 1_000_000_00,
      approverStaffId: managerStaffId,
      pin: '000000',
    }).expect(403);
    expect(wrong.body.code).toBe('STAFF_PIN_WRONG');
    // A clerk is not an approver.
    const clerkApprover = await approve({
      checkoutId: checkout,
      amountFen: 1_000_000_00,
      approverStaffId: shop.staff.staffId,
      pin: PIN,
    }).expect(403);
    expect(clerkApprover.body.code).toBe('SALE_APPROVER_INVALID');

    const ok = await approve({
      checkoutId: checkout,
      amountFen: 1_000_000_00,
      approverStaffId: managerStaffId,
      pin: PIN,
    }).expect(201);
    expect(ok.body).toMatchObject({ approvalId: expect.any(Number), approverName: expect.any(String) });
    // Bound to its amount: another bill on the same checkout is not approved by it.
    const otherAmount = await buy(checkout, 99_999_999, ok.body.approvalId).expect(403);
    expect(otherAmount.body.code).toBe('SALE_APPROVAL_INVALID');
    const sale = await buy(checkout, 1_000_000_00, ok.body.approvalId).expect(200);
    expect(sale.body.pointsEarned).toBe(1_000_000);

    // One-time: the approval is spent.
    const next = await checkoutId(s, shop.staffToken, m.token);
    expect((await buy(next, 1_000_000_00, ok.body.approvalId).expect(403)).body.code).toBe('SALE_APPROVAL_INVALID');

    const audit = await s.http
      .get('/api/v1/admin/audit-logs')
      .query({ action: 'sale.approved' })
      .set(bearer(admin))
      .expect(200);
    expect(audit.body.items[0]).toMatchObject({
      actorType: 'staff',
      storeId: shop.store.id,
      after: expect.objectContaining({
        checkoutId: checkout,
        amountFen: 1_000_000_00,
        approverStaffId: managerStaffId,
      }),
    });
    expect(audit.body.items[0].after.clerkName).toEqual(expect.any(String));
    expect(audit.body.items[0].after.approverName).toEqual(expect.any(String));
  });

  it('locks a manager’s PIN after repeated wrong guesses', async () => {
    const m = await loginMember(s);
    const checkout = await checkoutId(s, shop.staffToken, m.token);
    const body = { checkoutId: checkout, amountFen: 200_000, approverStaffId: managerStaffId };
    const codes: string[] = [];
    for (let i = 0; i < 6; i++) codes.push((await approve({ ...body, pin: '999999' })).body.code);
    expect(codes.slice(0, 4).every((c) => c === 'STAFF_PIN_WRONG')).toBe(true);
    expect(codes[5]).toBe('STAFF_PIN_LOCKED');
    // Locked: even the right PIN waits.
    expect((await approve({ ...body, pin: PIN })).body.code).toBe('STAFF_PIN_LOCKED');
    s.clock.setNow(new Date(s.clock.nowMs() + 16 * 60_000));
    try {
      // The manager can change the PIN from their own staff pages (a fresh checkout: the old one expired).
      await s.http.put('/api/v1/staff/pin').set(bearer(managerToken)).send({ pin: '135791' }).expect(400);
      await s.http
        .put('/api/v1/staff/pin')
        .set(bearer(managerToken))
        .send({ currentPin: PIN, pin: '135791' })
        .expect(200);
      const fresh = await checkoutId(s, shop.staffToken, m.token);
      await approve({ ...body, checkoutId: fresh, pin: '135791' }).expect(201);
      await s.http
        .put('/api/v1/staff/pin')
        .set(bearer(managerToken))
        .send({ currentPin: '135791', pin: PIN })
        .expect(200);
    } finally {
      s.clock.reset();
    }
  });

  it('asks for approval past the hourly number of sales', async () => {
    const clerk = await makeStaff(s, admin);
    const m = await loginMember(s);
    for (let i = 0; i < PER_HOUR; i++) {
      await buy(await checkoutId(s, clerk.staffToken, m.token), 1_000, undefined, clerk.staffToken).expect(200);
    }
    const checkout = await checkoutId(s, clerk.staffToken, m.token);
    const quote = await s.http
      .post('/api/v1/staff/purchases/quote')
      .set(bearer(clerk.staffToken))
      .send({ checkoutId: checkout, amountFen: 1_000 })
      .expect(200);
    expect(quote.body.approval).toEqual({ reason: 'hourly_limit', purchasesPerHour: PER_HOUR });
    expect((await buy(checkout, 1_000, undefined, clerk.staffToken).expect(403)).body.code).toBe(
      'SALE_APPROVAL_REQUIRED',
    );
    // A manager of another store cannot approve here.
    const approvers = (await s.http.get('/api/v1/staff/approvers').set(bearer(clerk.staffToken)).expect(200)).body;
    expect(approvers).toEqual([]);
    const foreign = await approve(
      { checkoutId: checkout, amountFen: 1_000, approverStaffId: managerStaffId, pin: PIN },
      clerk.staffToken,
    ).expect(403);
    expect(foreign.body.code).toBe('SALE_APPROVER_INVALID');
  });

  it('tells a disabled clerk so, on the session and on their next call', async () => {
    const clerk = await makeStaff(s, admin);
    await s.http
      .patch(`/api/v1/admin/staff/${clerk.staff.staffId}`)
      .set(bearer(admin))
      .send({ active: false })
      .expect(200);
    const session = await s.http.post('/api/v1/staff/session').set(bearer(clerk.clerk.token)).expect(403);
    expect(session.body.code).toBe('STAFF_DISABLED');
    const next = await s.http.get('/api/v1/staff/purchases').set(bearer(clerk.staffToken)).expect(403);
    expect(next.body.code).toBe('STAFF_DISABLED');
    const me = (await s.http.get('/api/v1/me').set(bearer(clerk.clerk.token)).expect(200)).body;
    expect(me.staff).toBeNull();
  });
});
