import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './load-config';

const load = (TRUST_PROXY?: string) =>
  loadConfig({ NODE_ENV: 'test', DATA_DIR: mkdtempSync(join(tmpdir(), 'member-config-')), TRUST_PROXY });

describe('server.trustProxy (TRUST_PROXY)', () => {
  it('believes only a proxy on the same machine by default, or the proxies named', () => {
    expect(load().server.trustProxy).toBe('loopback');
    expect(load('loopback, 10.0.0.0/8').server.trustProxy).toBe('loopback, 10.0.0.0/8');
    expect(load('1').server.trustProxy).toBe('1');
  });

  it('refuses "true": any client could then choose the address its rate limits count against', () => {
    expect(() => load('true')).toThrow(/server\.trustProxy \(env TRUST_PROXY\)/);
  });
});
