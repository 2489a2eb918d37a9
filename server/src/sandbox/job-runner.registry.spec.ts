import { JobRunnerRegistry } from './job-runner.registry';
import { startSandboxTestApp } from './testing/sandbox-test-app';

describe('JobRunnerRegistry via POST /sandbox/jobs/:name/run', () => {
  it('runs a registered job now and answers 404 for an unknown one', async () => {
    const sandbox = await startSandboxTestApp();
    try {
      let runs = 0;
      sandbox.app.get(JobRunnerRegistry).register('points-expiry', async () => ({ expired: ++runs }));
      expect(() => sandbox.app.get(JobRunnerRegistry).register('points-expiry', async () => null)).toThrow();

      const ran = await sandbox.control('POST', '/sandbox/jobs/points-expiry/run');
      expect(ran).toEqual({ status: 200, body: { name: 'points-expiry', result: { expired: 1 } } });
      expect((await sandbox.control('GET', '/sandbox/jobs')).body).toEqual({ names: ['points-expiry'] });
      const missing = await sandbox.control('POST', '/sandbox/jobs/nope/run');
      expect([missing.status, missing.body.code]).toEqual([404, 'NOT_FOUND']);
    } finally {
      await sandbox.close();
    }
  });
});
