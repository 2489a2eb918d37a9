import { randomBytes } from 'node:crypto';
import { PRIVACY_POLICY_VERSION } from '@member/shared';
import { DataSource } from 'typeorm';
import {
  BATCH_CHUNK,
  CouponBatchesService,
  STOP_SOLD_OUT,
} from '../../server/src/modules/coupons/coupon-batches.service';
import { checkCouponInvariants } from '../../server/src/modules/coupons/coupon-invariants';
import { CouponIssuingService } from '../../server/src/modules/coupons/coupon-issuing.service';
import { CouponTemplate } from '../../server/src/modules/coupons/entities/coupon-template.entity';
import { TransactionRunner } from '../../server/src/database/transaction-runner';
import { checkoutId } from './checkout-support';
import { activeTemplate, claim, requestId } from './coupon-support';
import {
  bearer,
  loginMember,
  loginOperator,
  makeStaff,
  startTestServer,
  waitForOutbox,
  type TestServer,
} from './support';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { insertMembers } = require('../load/bulk-members.cjs') as {
  insertMembers: (
    q: (sql: string, p?: unknown[]) => Promise<unknown>,
    o: { count: number; privacyVersion: string; status?: string },
  ) => Promise<{ id: number; memberNo: string }[]>;
};

// Batch issue through the outbox in chunks, the console's issue/use records (JSON and CSV) and a template's stats.
describe('coupons: batch issue, records, stats', () => {
  let s: TestServer;
  let admin: string;
  let ds: DataSource;
  beforeAll(async () => {
    s = await startTestServer();
    admin = await loginOperator(s);
    ds = s.app.get(DataSource);
  });
  afterAll(async () => {
    expect((await checkCouponInvariants((sql, p) => ds.query(sql, p))).violations).toEqual([]);
    await s.close();
  });

  const members = (count: number, status = 'active') =>
    insertMembers((sql, p) => ds.query(sql, p), { count, status, privacyVersion: PRIVACY_POLICY_VERSION });
  const startBatch = (body: Record<string, unknown>, token = admin) =>
    s.http
      .post('/api/v1/admin/coupon-batches')
      .set(bearer(token))
      .send({ note: '双十一回馈', requestId: requestId('B'), ...body });
  const batch = async (id: number) =>
    (await s.http.get(`/api/v1/admin/coupon-batches/${id}`).set(bearer(admin)).expect(200)).body;
  /** The batch once it has finished, polled as the console's progress bar does. */
  const settled = async (id: number) => {
    for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
      await waitForOutbox(s, 60_000);
      const b = await batch(id);
      if (b.status !== 'RUNNING') return b;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`batch ${id} still running`);
  };
  const couponsOf = async (templateId: number) =>
    Number((await ds.query('SELECT COUNT(*) AS n FROM coupon WHERE template_id = ?', [templateId]))[0].n);

  it('issues to a list once per member, skips disabled ones, and answers a retry with the same batch', async () => {
    const t = await activeTemplate(s, admin, { trigger: 'MANUAL', totalStock: 100 });
    const [a, b] = await members(2);
    const [off] = await members(1, 'disabled');
    const body = {
      templateId: t.id,
      target: { kind: 'MEMBERS', memberNos: [a.memberNo, b.memberNo, off.memberNo, a.memberNo] },
      requestId: requestId('B'),
    };
    const created = await startBatch(body).expect(201);
    expect(created.body).toMatchObject({
      status: 'RUNNING',
      total: 3,
      target: { kind: 'MEMBERS', count: 3 },
      createdBy: expect.any(String),
    });
    expect((await startBatch(body).expect(201)).body.id).toBe(created.body.id);
    expect(await settled(created.body.id)).toMatchObject({
      status: 'DONE',
      processed: 3,
      issued: 2,
      skipped: 1,
      finishedAt: expect.any(String),
    });
    const rows = await ds.query(
      'SELECT member_id, source, source_key FROM coupon WHERE template_id = ? ORDER BY member_id',
      [t.id],
    );
    expect(rows.map((r: { member_id: unknown }) => Number(r.member_id))).toEqual([a.id, b.id]);
    expect(rows[0]).toMatchObject({ source: 'BATCH', source_key: `batch:${created.body.id}:${a.id}` });

    // The first chunk delivered again (a retry after a crash) finds the cursor moved and issues nothing.
    await s.app
      .get(TransactionRunner)
      .run((em) => s.app.get(CouponBatchesService).chunk(em, { batchId: created.body.id, cursor: 0 }));
    expect(await couponsOf(t.id)).toBe(2);
    const audit = await ds.query(
      `SELECT after_json FROM audit_log WHERE action = 'coupon_batch.created' AND target_id = ?`,
      [String(created.body.id)],
    );
    expect(audit).toHaveLength(1);
  });

  it('issues many at once: source keys already issued are left out, the stock taken only for the rest', async () => {
    const t = await activeTemplate(s, admin, { trigger: 'MANUAL', totalStock: 3 });
    const people = await members(4);
    const issuing = s.app.get(CouponIssuingService);
    const grants = people.map((m) => ({ memberId: m.id, sourceKey: `test:${t.id}:${m.id}` }));
    const run = (g: typeof grants) =>
      s.app.get(TransactionRunner).run(async (em) => {
        const template = (await em.getRepository(CouponTemplate).findOneBy({ id: t.id }))!;
        return issuing.issueMany(em, template, g, 'BATCH', new Date());
      });
    expect(await run(grants.slice(0, 2))).toEqual({ issued: [people[0].id, people[1].id], duplicates: 0, short: null });
    // Two already issued, two new of which the stock (3) holds one: the first keeps it, the other is taken back.
    expect(await run(grants)).toEqual({ issued: [people[2].id], duplicates: 2, short: 'SOLD_OUT' });
    expect(await couponsOf(t.id)).toBe(3);
    await s.http
      .post(`/api/v1/admin/coupon-templates/${t.id}/status`)
      .set(bearer(admin))
      .send({ status: 'PAUSED' })
      .expect(200);
    expect(await run(grants.slice(3))).toEqual({ issued: [], duplicates: 0, short: 'INACTIVE' });
    expect(await couponsOf(t.id)).toBe(3);
  });

  it('refuses unknown member numbers, and templates that are not active manual or claim ones', async () => {
    const t = await activeTemplate(s, admin, { trigger: 'MANUAL' });
    const unknown = await startBatch({ templateId: t.id, target: { kind: 'MEMBERS', memberNos: ['NOPE1'] } }).expect(
      400,
    );
    expect(unknown.body.message).toContain('NOPE1');
    const gift = await activeTemplate(s, admin, { trigger: 'NEW_MEMBER' });
    expect((await startBatch({ templateId: gift.id, target: { kind: 'ALL' } }).expect(409)).body.code).toBe(
      'COUPON_TEMPLATE_STATUS_INVALID',
    );
    await startBatch({ templateId: t.id, target: { kind: 'MEMBERS', memberNos: [] } }).expect(400);
    await startBatch({ templateId: t.id, target: { kind: 'TIER' } }).expect(400);
    await startBatch({ templateId: 999_999, target: { kind: 'ALL' } }).expect(404);
  });

  it('takes a list of 10,000 member numbers (a body above the general 100 KB limit), not 10,001', async () => {
    const t = await activeTemplate(s, admin, { trigger: 'MANUAL' });
    const real = (await members(10_000)).map((m) => m.memberNo);
    expect(JSON.stringify(real).length).toBeGreaterThan(100 * 1024);
    const created = await startBatch({ templateId: t.id, target: { kind: 'MEMBERS', memberNos: real } }).expect(201);
    expect(created.body).toMatchObject({ total: 10_000, target: { kind: 'MEMBERS', count: 10_000 } });
    await startBatch({ templateId: t.id, target: { kind: 'MEMBERS', memberNos: [...real, 'X1'] } }).expect(400);
    const done = await settled(created.body.id);
    expect(done).toMatchObject({ status: 'DONE', processed: 10_000, issued: 10_000, skipped: 0 });
  });

  it('goes through everyone in chunks and stops when the stock runs out, never above it', async () => {
    await members(BATCH_CHUNK + 200);
    const stock = BATCH_CHUNK + 50;
    const t = await activeTemplate(s, admin, { trigger: 'MANUAL', totalStock: stock });
    const created = await startBatch({ templateId: t.id, target: { kind: 'ALL' } }).expect(201);
    const done = await settled(created.body.id);
    expect(done).toMatchObject({ status: 'STOPPED', stopReason: STOP_SOLD_OUT, issued: stock });
    expect(done.processed).toBeGreaterThan(BATCH_CHUNK);
    expect(done.issued + done.skipped).toBe(done.processed);
    expect(await couponsOf(t.id)).toBe(stock);
    const template = (await s.http.get(`/api/v1/admin/coupon-templates/${t.id}`).set(bearer(admin)).expect(200)).body;
    expect(template).toMatchObject({ issued: stock, remaining: 0 });
  });

  it('to a tier: only members on it, and only those the template allows', async () => {
    const tiers = (await s.http.get('/api/v1/admin/tiers').set(bearer(admin)).expect(200)).body as {
      id: number;
      growthThreshold: number;
    }[];
    const entry = [...tiers].sort((x, y) => x.growthThreshold - y.growthThreshold)[0];
    const t = await activeTemplate(s, admin, { trigger: 'MANUAL', tierIds: [entry.id] });
    const created = await startBatch({ templateId: t.id, target: { kind: 'TIER', tierId: entry.id } }).expect(201);
    const done = await settled(created.body.id);
    expect(done.status).toBe('DONE');
    expect(done.processed).toBe(done.total);
    expect(done.issued).toBeGreaterThan(0);
    const list = await s.http.get(`/api/v1/admin/coupon-batches?templateId=${t.id}`).set(bearer(admin)).expect(200);
    expect(list.body).toMatchObject({
      total: 1,
      items: [{ id: created.body.id, target: { kind: 'TIER', tierId: entry.id } }],
    });
  });

  it("lists issues and uses (JSON and CSV with a BOM) within the operator's scope and sums a template up", async () => {
    const { staffToken, store } = await makeStaff(s, admin, 'R' + randomBytes(3).toString('hex'));
    const t = await activeTemplate(s, admin, { name: '记录测试券' });
    const m = await loginMember(s);
    const coupon = (await claim(s, m.token, t.id)).body;
    await s.http
      .post('/api/v1/staff/purchases')
      .set(bearer(staffToken))
      .send({
        checkoutId: await checkoutId(s, staffToken, m.token),
        amountFen: 15_000,
        receiptNo: requestId('RC'),
        couponIds: [coupon.id],
      })
      .expect(200);

    const issues = await s.http
      .get(`/api/v1/admin/coupons?templateId=${t.id}&memberNo=${m.member.memberNo}`)
      .set(bearer(admin))
      .expect(200);
    expect(issues.body).toMatchObject({
      total: 1,
      items: [
        { id: coupon.id, name: '记录测试券', status: 'USED', source: 'CLAIM', member: { memberNo: m.member.memberNo } },
      ],
    });
    const uses = await s.http
      .get(`/api/v1/admin/coupon-uses?templateId=${t.id}&storeId=${store.id}`)
      .set(bearer(admin))
      .expect(200);
    expect(uses.body).toMatchObject({
      total: 1,
      items: [
        { couponId: coupon.id, kind: 'SALE', discountFen: 2000, billFen: 15_000, storeName: store.name, voided: false },
      ],
    });
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    expect(
      (await s.http.get(`/api/v1/admin/coupon-uses?templateId=${t.id}&from=${today}&to=${today}`).set(bearer(admin)))
        .body.total,
    ).toBe(1);
    expect(
      (await s.http.get(`/api/v1/admin/coupon-uses?templateId=${t.id}&to=2000-01-01`).set(bearer(admin))).body.total,
    ).toBe(0);
    await s.http.get('/api/v1/admin/coupon-uses?from=2026-13-01').set(bearer(admin)).expect(400);

    const csv = await s.http
      .get(`/api/v1/admin/coupon-uses?templateId=${t.id}&format=csv`)
      .set(bearer(admin))
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => done(null, text));
      })
      .expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const text = csv.body as string;
    expect(text.startsWith('\uFEFF券码,券名称')).toBe(true);
    expect(text).toContain(`${coupon.code},记录测试券,收款抵扣`);
    expect(text).toContain('20.00,150.00');
    const issuesCsv = await s.http
      .get(`/api/v1/admin/coupons?templateId=${t.id}&format=csv`)
      .set(bearer(admin))
      .expect(200);
    expect(issuesCsv.text).toContain('已使用');

    const stats = (await s.http.get(`/api/v1/admin/coupon-templates/${t.id}/stats`).set(bearer(admin)).expect(200))
      .body;
    expect(stats).toMatchObject({
      issued: 1,
      used: 1,
      conversionPermille: 1000,
      discountGivenFen: 2000,
      salesDrivenFen: 15_000,
      bySource: [{ source: 'CLAIM', issued: 1 }],
      byStore: [{ storeId: store.id, uses: 1, discountFen: 2000 }],
    });
    expect(stats.usesByDay).toHaveLength(30);
    expect(stats.usesByDay[29]).toEqual({ day: today, uses: 1, discountFen: 2000 });
    await s.http.get('/api/v1/admin/coupon-templates/999999/stats').set(bearer(admin)).expect(404);

    // Store managers see their store's uses and the coupons of members it served; analysts totals only.
    const operator = async (role: string, storeId?: number) => {
      const username = 'cr' + randomBytes(4).toString('hex');
      const password = 'Cr-Passw0rd!' + username;
      await s.http
        .post('/api/v1/admin/operators')
        .set(bearer(admin))
        .send({ username, password, displayName: username, role, storeId })
        .expect(201);
      return loginOperator(s, { username, password });
    };
    const other = await makeStaff(s, admin, 'O' + randomBytes(3).toString('hex'));
    const [own, foreign, analyst] = [
      await operator('store_manager', store.id),
      await operator('store_manager', other.store.id),
      await operator('analyst'),
    ];
    const seen = async (token: string, path: string) => (await s.http.get(path).set(bearer(token)).expect(200)).body;
    expect((await seen(own, `/api/v1/admin/coupon-uses?templateId=${t.id}`)).total).toBe(1);
    expect((await seen(foreign, `/api/v1/admin/coupon-uses?templateId=${t.id}&storeId=${store.id}`)).total).toBe(0);
    expect((await seen(own, `/api/v1/admin/coupons?templateId=${t.id}`)).total).toBe(1);
    expect((await seen(foreign, `/api/v1/admin/coupons?templateId=${t.id}`)).total).toBe(0);
    expect(await seen(analyst, `/api/v1/admin/coupon-uses?templateId=${t.id}`)).toMatchObject({ total: 1, items: [] });
    await s.http.get(`/api/v1/admin/coupons?templateId=${t.id}&format=csv`).set(bearer(analyst)).expect(403);
    await s.http.get(`/api/v1/admin/coupon-templates/${t.id}/stats`).set(bearer(own)).expect(403);
  });
});
