import { bearer, loginMember, startTestServer, type TestServer } from './support';

// The load harness's window on the server (test/load): statements, CPU and memory. Counting is off until
// started and off again after stop, so outside a measurement nothing listens to the queries.
describe('sandbox metrics (load harness)', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s?.close());

  it('counts the SQL statements sent between start and stop, and nothing outside', async () => {
    const member = await loginMember(s);
    const started = (await s.http.post('/sandbox/metrics/start?trace=50').expect(200)).body;
    expect(started).toMatchObject({ counting: true, statements: 0, trace: [] });

    await s.http.get('/api/v1/me').set(bearer(member.token)).expect(200);
    const during = (await s.http.get('/sandbox/metrics').expect(200)).body;
    expect(during.statements).toBeGreaterThan(0);
    // (The outbox worker polls in tests too: its statements count as well, hence ≥ rather than =.)
    expect(during.trace.join('\n')).toMatch(/FROM [`"]member[`"]/);
    expect(during.cpuMicros).toBeGreaterThan(0);
    expect(during.maxRssBytes).toBeGreaterThan(0);

    const stopped = (await s.http.post('/sandbox/metrics/stop').expect(200)).body;
    expect(stopped.counting).toBe(false);
    expect(stopped.statements).toBeGreaterThanOrEqual(during.statements);
    await s.http.get('/api/v1/me').set(bearer(member.token)).expect(200);
    await new Promise((r) => setTimeout(r, 250));
    expect((await s.http.get('/sandbox/metrics').expect(200)).body).toMatchObject({
      counting: false,
      statements: stopped.statements,
    });
  });
});
