import { DataSource } from 'typeorm';
import { JobRun } from '../../server/src/jobs/entities/job-run.entity';
import { JobRegistry } from '../../server/src/jobs/job-registry';
import { JobRunner, runKeyFor } from '../../server/src/jobs/job-runner.service';
import type { JobDefinition } from '../../server/src/jobs/job.types';
import { Clock } from '../../server/src/common/clock';
import { startTestServer, type TestServer } from './support';

describe('scheduled jobs', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s.close());

  /** Several server nodes sharing one database. */
  const nodes = (n: number) =>
    Array.from({ length: n }, () => new JobRunner(s.app.get(DataSource), s.clock, s.app.get(JobRegistry)));

  it('derives daily run keys from the Asia/Shanghai day and time', () => {
    const job: JobDefinition = { name: 'x', schedule: { kind: 'daily', at: '02:30' }, run: async () => null };
    expect(runKeyFor(job, new Date('2026-11-23T18:29:00Z'))).toBeNull(); // 02:29 on the 24th in Shanghai
    expect(runKeyFor(job, new Date('2026-11-23T18:30:00Z'))).toBe('2026-11-24');
  });

  it('runs a due job once across racing nodes, and not again for the same day', async () => {
    let runs = 0;
    s.app.get(JobRegistry).register({
      name: 'test-daily',
      schedule: { kind: 'daily', at: '00:00' },
      run: async ({ runKey }) => ({ runKey, run: ++runs }),
    });
    const outcomes = (await Promise.all(nodes(6).map((node) => node.runDue())))
      .flat()
      .filter((o) => o.name === 'test-daily');
    expect(outcomes.filter((o) => o.status === 'done')).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'skipped')).toHaveLength(5);
    await nodes(1)[0].runDue();
    expect(runs).toBe(1);
    const row = await s.app.get(DataSource).getRepository(JobRun).findOneByOrFail({ name: 'test-daily' });
    expect(row).toMatchObject({ status: 'done', runKey: s.app.get(Clock).today() });
  });

  it('records a failure and retries it on a later tick after the back-off', async () => {
    let calls = 0;
    s.app.get(JobRegistry).register({
      name: 'test-flaky',
      schedule: { kind: 'daily', at: '00:00' },
      run: async () => {
        if (++calls === 1) throw new Error('database hiccup');
        return 'ok';
      },
    });
    const [node] = nodes(1);
    const first = await node.claimAndRun(s.app.get(JobRegistry).get('test-flaky'), 'k1');
    expect(first).toMatchObject({ status: 'failed', error: 'database hiccup' });
    expect((await node.claimAndRun(s.app.get(JobRegistry).get('test-flaky'), 'k1')).status).toBe('skipped');
    s.clock.advance(6 * 60);
    try {
      expect((await node.claimAndRun(s.app.get(JobRegistry).get('test-flaky'), 'k1')).status).toBe('done');
    } finally {
      s.clock.advance(-6 * 60);
    }
    const row = await s.app.get(DataSource).getRepository(JobRun).findOneByOrFail({ name: 'test-flaky', runKey: 'k1' });
    expect(row).toMatchObject({ status: 'done', attempts: 2, error: null });
  });

  it('runs a job on demand through the sandbox', async () => {
    s.app
      .get(JobRegistry)
      .register({ name: 'test-manual', schedule: { kind: 'interval', seconds: 3600 }, run: async () => 42 });
    const res = await s.http.post('/sandbox/jobs/test-manual/run').expect(200);
    expect(res.body).toMatchObject({ name: 'test-manual', status: 'done', result: 42 });
    expect((await s.http.post('/sandbox/jobs/nope/run').expect(404)).body.code).toBe('NOT_FOUND');
    expect((await s.http.get('/sandbox/jobs').expect(200)).body.names).toContain('test-manual');
  });
});
