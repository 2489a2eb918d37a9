import { checkoutId } from './checkout-support';
import { bearer, loginMember, loginOperator, makeStaff, startTestServer, type TestServer } from './support';

// The purchase route reads the clerk's binding inside the sale's transaction instead of in the staff
// guard (one round trip less per sale): the cut-off must stay as immediate as everywhere else.
describe('purchase: the clerk binding is checked in the sale', () => {
  let s: TestServer;
  let admin: string;
  beforeAll(async () => {
    s = await startTestServer();
    admin = await loginOperator(s);
  });
  afterAll(() => s.close());

  let seq = 0;
  const receipt = () => `B${Date.now()}${++seq}`;
  const buy = (token: string, body: Record<string, unknown>) =>
    s.http.post('/api/v1/staff/purchases').set(bearer(token)).send(body);

  it('refuses a disabled clerk at once: new sale, unknown checkout and a retry of their own sale, nothing written', async () => {
    const { staffToken, staff } = await makeStaff(s, admin);
    const m = await loginMember(s);
    const first = { checkoutId: await checkoutId(s, staffToken, m.token), amountFen: 1_000, receiptNo: receipt() };
    await buy(staffToken, first).expect(200);
    const open = await checkoutId(s, staffToken, m.token);

    await s.http.patch(`/api/v1/admin/staff/${staff.staffId}`).set(bearer(admin)).send({ active: false }).expect(200);
    const next = { checkoutId: open, amountFen: 2_000, receiptNo: receipt() };
    expect((await buy(staffToken, next).expect(403)).body.code).toBe('STAFF_DISABLED');
    const unknown = { checkoutId: 2_000_000_000, amountFen: 2_000, receiptNo: receipt() };
    expect((await buy(staffToken, unknown).expect(403)).body.code).toBe('STAFF_DISABLED');
    // Not the stored answer of the first sale.
    expect((await buy(staffToken, first).expect(403)).body.code).toBe('STAFF_DISABLED');

    // The refused sale changed nothing: once re-enabled, the same checkout goes through.
    await s.http.patch(`/api/v1/admin/staff/${staff.staffId}`).set(bearer(admin)).send({ active: true }).expect(200);
    expect((await buy(staffToken, next).expect(200)).body).toMatchObject({ pointsEarned: 20, replayed: false });
    expect((await buy(staffToken, first).expect(200)).body).toMatchObject({ replayed: true });
  });

  it('refuses everyone at a deactivated store, and lets them back when it reopens', async () => {
    const { staffToken, store } = await makeStaff(s, admin);
    const m = await loginMember(s);
    const sale = { checkoutId: await checkoutId(s, staffToken, m.token), amountFen: 1_000, receiptNo: receipt() };
    await s.http.patch(`/api/v1/admin/stores/${store.id}`).set(bearer(admin)).send({ active: false }).expect(200);
    expect((await buy(staffToken, sale).expect(403)).body.code).toBe('STORE_DISABLED');
    await s.http.patch(`/api/v1/admin/stores/${store.id}`).set(bearer(admin)).send({ active: true }).expect(200);
    await buy(staffToken, sale).expect(200);
  });

  it('refuses a clerk moved to another role with the old token', async () => {
    const { staffToken, staff } = await makeStaff(s, admin);
    const m = await loginMember(s);
    const sale = { checkoutId: await checkoutId(s, staffToken, m.token), amountFen: 1_000, receiptNo: receipt() };
    await s.http.patch(`/api/v1/admin/staff/${staff.staffId}`).set(bearer(admin)).send({ role: 'manager' }).expect(200);
    expect((await buy(staffToken, sale).expect(403)).body.code).toBe('NOT_STAFF');
  });
});
