import { randomBytes } from 'node:crypto';
import { ActorType } from '@member/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { TransactionRunner } from '../../server/src/database/transaction-runner';
import { AuditLog } from '../../server/src/modules/audit/entities/audit-log.entity';
import { OutboxWorker } from '../../server/src/outbox/outbox-worker';
import { OutboxRegistry } from '../../server/src/outbox/outbox-registry';
import { OutboxRow } from '../../server/src/outbox/outbox.entity';
import { OutboxRepository } from '../../server/src/outbox/outbox.repository';
import { OutboxService } from '../../server/src/outbox/outbox.service';
import type { EnqueueInput, OutboxContext } from '../../server/src/outbox/outbox.types';
import { bearer, loginMember, loginOperator, startTestServer, type TestServer } from './support';

// The app's own worker is off here: each test drives workers (separate "nodes") by hand.
describe('outbox', () => {
  let s: TestServer;
  let admin: string;
  beforeAll(async () => {
    s = await startTestServer({ OUTBOX_ENABLED: 'false' });
    admin = await loginOperator(s);
    registry().register<{ n: number }>({
      kind: 'test.effect',
      handle: async (em, ctx) => void (await effect(em, ctx.payload.n)),
    });
  });
  afterAll(() => s.close());

  const registry = () => s.app.get(OutboxRegistry);
  const ds = () => s.app.get(DataSource);
  const node = () =>
    new OutboxWorker(
      s.app.get(OutboxRepository),
      registry(),
      s.app.get(TransactionRunner),
      s.clock,
      s.config,
      s.app.get(OutboxService),
    );
  const enqueue = (input: EnqueueInput) =>
    s.app.get(TransactionRunner).run((em) => s.app.get(OutboxService).enqueue(em, input));
  const row = (id: number) => ds().getRepository(OutboxRow).findOneByOrFail({ id });
  const rowsOf = (kind: string) =>
    ds()
      .getRepository(OutboxRow)
      .find({ where: { kind }, order: { id: 'ASC' } });

  // An effect inside our database: an audit row per delivery, so tests can count them.
  const effect = (em: EntityManager, n: number) =>
    em.insert(AuditLog, {
      actorType: ActorType.System,
      actorId: null,
      actorName: 'outbox-test',
      actorRole: null,
      storeId: null,
      action: 'test.outbox-effect',
      targetType: 'test',
      targetId: String(n),
      beforeJson: null,
      afterJson: null,
      reason: null,
      createdAt: s.clock.now(),
    });
  const effects = async (n: number) =>
    ds()
      .getRepository(AuditLog)
      .countBy({ action: 'test.outbox-effect', targetId: String(n) });
  const uniqueN = () => randomBytes(4).readUInt32BE();
  const lease = () => (s.config.outbox.leaseSeconds + 1) * 1000;

  /** Moves the clock forward for `work`, then back. */
  async function later<T>(ms: number, work: () => Promise<T>): Promise<T> {
    s.clock.advance(ms / 1000);
    try {
      return await work();
    } finally {
      s.clock.advance(-ms / 1000);
    }
  }

  it('commits its row with the caller’s transaction, or not at all, once per (kind, key)', async () => {
    const key = 'k-' + uniqueN();
    await expect(
      s.app.get(TransactionRunner).run(async (em) => {
        await s.app.get(OutboxService).enqueue(em, { kind: 'test.effect', key, payload: { n: 1 } });
        throw new Error('business change failed');
      }),
    ).rejects.toThrow('business change failed');
    expect(await ds().getRepository(OutboxRow).countBy({ key })).toBe(0);
    expect(await enqueue({ kind: 'test.effect', key, payload: { n: 1 } })).toBe(true);
    expect(await enqueue({ kind: 'test.effect', key, payload: { n: 1 } })).toBe(false);
    // Keys are byte-exact: another case is another key.
    expect(await enqueue({ kind: 'test.effect', key: key.toUpperCase(), payload: { n: 1 } })).toBe(true);
    await expect(s.app.get(OutboxService).enqueue(ds().manager, { kind: 'x', payload: 1 })).rejects.toThrow(
      /transaction/,
    );
    await node().drain();
  });

  it('takes over a row whose worker died mid-delivery and applies its effect once', async () => {
    const n = uniqueN();
    await enqueue({ kind: 'test.effect', payload: { n } });
    const [a, b] = [node(), node()];
    const [claimed] = await a.claim();
    expect(claimed).toMatchObject({ attempts: 1, status: 'pending' });
    // Node A "dies" here. While its lease runs, nobody else may take the row.
    expect((await b.drain()).done).toBe(0);
    expect(await effects(n)).toBe(0);
    await later(lease(), async () => expect((await b.drain()).done).toBe(1));
    expect(await row(claimed.id)).toMatchObject({ status: 'done', attempts: 2 });
    // A comes back late with its stale claim: the version guard rolls its work back.
    expect(await a.deliver(claimed)).toBe('lost');
    expect(await effects(n)).toBe(1);
    expect((await row(claimed.id)).status).toBe('done');
  });

  it('retries a partner call that carries the partner’s idempotency key with the same key', async () => {
    const calls: (string | null)[] = [];
    registry().register({
      kind: 'test.pay-query',
      external: { idempotencyKey: true },
      handle: async (ctx: OutboxContext) => void calls.push(ctx.key),
    });
    await enqueue({ kind: 'test.pay-query', key: 'T20261123000001', payload: { amountFen: 100 } });
    const [a, b] = [node(), node()];
    const [claimed] = await a.claim();
    await later(lease(), async () => expect((await b.drain()).done).toBe(1));
    expect(await a.deliver(claimed)).toBe('lost'); // called again, harmless: the partner dedupes the key
    expect(calls).toEqual(['T20261123000001', 'T20261123000001']);
    expect((await row(claimed.id)).status).toBe('done');
  });

  it('marks a partner call without idempotency key unknown when its worker dies, and never repeats it', async () => {
    let calls = 0;
    let fail!: (e: Error) => void;
    registry().register({
      kind: 'test.no-key-call',
      external: { idempotencyKey: false },
      handle: () => {
        calls++;
        return new Promise<void>((_, reject) => (fail = reject)); // the call hangs: the process "dies" in it
      },
    });
    await enqueue({ kind: 'test.no-key-call', payload: { n: 1 } });
    const [a, b] = [node(), node()];
    const [claimed] = await a.claim();
    const delivering = a.deliver(claimed);
    // `sending` is committed before the call is made: wait for the call, then the row says so.
    while (calls === 0) await new Promise((r) => setTimeout(r, 5));
    expect(calls).toBe(1);
    expect((await row(claimed.id)).status).toBe('sending');
    expect((await b.drain()).unknown).toBe(0); // still leased: in flight
    await later(lease(), async () => {
      expect((await b.drain()).unknown).toBe(1);
      expect(await b.drain()).toMatchObject({ done: 0, unknown: 0 });
    });
    expect(await row(claimed.id)).toMatchObject({
      status: 'unknown',
      lastError: expect.stringContaining('不会自动重发'),
    });
    fail(new Error('socket hang up'));
    expect(await delivering).toBe('unknown');
    await later(10 * lease(), () => b.drain());
    expect(calls).toBe(1);
    expect((await row(claimed.id)).status).toBe('unknown');
  });

  it('delivers each row once while several workers race over the same rows', async () => {
    const ns = Array.from({ length: 30 }, uniqueN);
    await s.app.get(TransactionRunner).run(async (em) => {
      for (const n of ns) await s.app.get(OutboxService).enqueue(em, { kind: 'test.effect', payload: { n } });
    });
    const results = await Promise.all(Array.from({ length: 4 }, () => node().drain()));
    expect(results.reduce((sum, r) => sum + r.done, 0)).toBe(30);
    expect(await Promise.all(ns.map(effects))).toEqual(ns.map(() => 1));
    const pending = await ds().getRepository(OutboxRow).countBy({ kind: 'test.effect', status: 'pending' });
    expect(pending).toBe(0);
  });

  let deadId = 0;

  it('backs off longer after each failure and dead-letters after the maximum attempts', async () => {
    registry().register({
      kind: 'test.poison',
      handle: async () => {
        throw new Error('partner rejected member 13812345678 <a@b.cn>');
      },
    });
    await enqueue({ kind: 'test.poison', payload: {} });
    const [poison] = await rowsOf('test.poison');
    const worker = node();
    const delays: number[] = [];
    let moved = 0;
    try {
      for (let i = 0; i < 20; i++) {
        await worker.drain();
        const r = await row(poison.id);
        if (r.status === 'dead') break;
        expect(r.status).toBe('failed');
        const wait = r.availableAt.getTime() - s.clock.nowMs();
        delays.push(wait);
        s.clock.advance(wait / 1000 + 0.01);
        moved += wait / 1000 + 0.01;
      }
    } finally {
      s.clock.advance(-moved);
    }
    const dead = await row(poison.id);
    expect(dead).toMatchObject({ status: 'dead', attempts: s.config.outbox.maxAttempts });
    expect(delays).toHaveLength(s.config.outbox.maxAttempts - 1);
    expect(delays[0]).toBeGreaterThanOrEqual(3_900);
    expect(delays[0]).toBeLessThanOrEqual(5_000);
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThan(delays[i - 1]);
    expect(dead.lastError).toBe('partner rejected member [number] <[email]>');
    deadId = poison.id;
  });

  it('lets admins and operators retry a dead row now (audited); analysts only read; store managers see nothing', async () => {
    const newOperator = async (role: string) => {
      const username = 'ob' + randomBytes(4).toString('hex');
      const password = 'Ob-Passw0rd!' + username;
      const body = {
        username,
        password,
        displayName: username,
        role,
        ...(role === 'store_manager' ? { storeId: 1 } : {}),
      };
      await s.http.post('/api/v1/admin/operators').set(bearer(admin)).send(body).expect(201);
      return loginOperator(s, { username, password });
    };
    const [analyst, manager, operator] = [
      await newOperator('analyst'),
      await newOperator('store_manager'),
      await newOperator('operator'),
    ];
    const list = (token: string, query: Record<string, string> = {}) =>
      s.http.get('/api/v1/admin/outbox').query(query).set(bearer(token));
    const retry = (token: string, id: number) => s.http.post(`/api/v1/admin/outbox/${id}/retry`).set(bearer(token));

    const read = (await list(analyst, { status: 'dead', kind: 'test.poison' }).expect(200)).body;
    expect(read.items).toEqual([
      expect.objectContaining({ id: deadId, status: 'dead', attempts: 8, maxAttempts: 8, running: false }),
    ]);
    expect((await list(manager).expect(403)).body.code).toBe('FORBIDDEN');
    expect((await retry(analyst, deadId).expect(403)).body).toMatchObject({
      code: 'FORBIDDEN',
      message: '没有权限执行此操作',
    });

    const retried = (await retry(admin, deadId).expect(200)).body;
    expect(retried).toMatchObject({ id: deadId, status: 'pending', attempts: 0 });
    expect(Math.abs(Date.parse(retried.availableAt) - s.clock.nowMs())).toBeLessThan(5_000);
    const again = (await retry(operator, deadId).expect(409)).body;
    expect(again).toMatchObject({ code: 'OUTBOX_NOT_RETRYABLE', message: expect.stringContaining('立即重试') });
    expect((await retry(admin, 999_999_999).expect(404)).body.code).toBe('OUTBOX_ITEM_NOT_FOUND');
    await s.http.get('/api/v1/admin/outbox').query({ status: 'nope' }).set(bearer(admin)).expect(400);

    const audit = (
      await s.http
        .get('/api/v1/admin/audit-logs')
        .query({ action: 'outbox.retried', targetId: deadId })
        .set(bearer(admin))
        .expect(200)
    ).body.items;
    expect(audit).toEqual([
      expect.objectContaining({ actorName: 'admin', before: expect.objectContaining({ status: 'dead', attempts: 8 }) }),
    ]);
    // Back in the queue with a fresh budget: the next delivery is attempt 1.
    await node().drain();
    expect(await row(deadId)).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('keeps rows of a kind without a handler pending and visible, not failed', async () => {
    await enqueue({ kind: 'test.later', key: 'member:1:2026-12-01', payload: { memberId: 1 } });
    expect(await node().drain()).toMatchObject({ done: 0, failed: 0, dead: 0 });
    await later(24 * 3600_000, () => node().drain());
    const [waiting] = await rowsOf('test.later');
    expect(waiting).toMatchObject({ status: 'pending', attempts: 0, lastError: null });
    const page = (await s.http.get('/api/v1/admin/outbox').query({ kind: 'test.later' }).set(bearer(admin)).expect(200))
      .body;
    expect(page.items).toEqual([
      expect.objectContaining({ status: 'pending', handlerRegistered: false, key: 'member:1:2026-12-01' }),
    ]);
    const kinds = (await s.http.get('/api/v1/admin/outbox/kinds').set(bearer(admin)).expect(200)).body;
    expect(kinds).toEqual(
      expect.arrayContaining([
        { kind: 'test.later', handlerRegistered: false },
        { kind: 'points.sign-up-bonus', handlerRegistered: true },
      ]),
    );
  });

  it('credits the sign-up bonus exactly once through the outbox, even when delivered again', async () => {
    const m = await loginMember(s); // drains through the sandbox: this server's worker is off
    const me = (await s.http.get('/api/v1/me').set(bearer(m.token)).expect(200)).body;
    const [bonus] = (await rowsOf('points.sign-up-bonus')).filter((r) => r.key === `member:${me.id}`);
    expect(bonus).toMatchObject({ status: 'done', attempts: 1 });
    const balance = async () => (await s.http.get('/api/v1/me/points').set(bearer(m.token)).expect(200)).body.balance;
    expect(await balance()).toBe(100);
    // A redelivery (e.g. the done mark lost with its node): the ledger key keeps it to one credit.
    await ds().getRepository(OutboxRow).update({ id: bonus.id }, { status: 'pending', leaseUntil: null });
    expect((await s.http.post('/sandbox/outbox/drain').expect(200)).body).toMatchObject({ done: 1 });
    expect(await balance()).toBe(100);
    expect(await row(bonus.id)).toMatchObject({ status: 'done', attempts: 2 });
  });
});
