import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './load-config';

const dataDir = () => mkdtempSync(join(tmpdir(), 'member-config-'));

describe('loadConfig', () => {
  it('reads defaults, the env file and env overrides', () => {
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir(), PORT: '4321', DEMO_SEED: 'true' });
    expect(config.server.port).toBe(4321);
    expect(config.demo.seed).toBe(true);
    expect(config.wechat.apiBaseUrl).toBe('http://127.0.0.1:4321/sandbox/wx/api');
    expect(config.database.url).toBe('');
  });

  it('generates development secrets once and keeps them across restarts', () => {
    const dir = dataDir();
    const first = loadConfig({ NODE_ENV: 'development', DATA_DIR: dir });
    const second = loadConfig({ NODE_ENV: 'development', DATA_DIR: dir });
    expect(second.auth.jwtSecret).toBe(first.auth.jwtSecret);
    expect(Buffer.from(first.security.phoneKey, 'base64')).toHaveLength(32);
    expect(JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8'))['auth.jwtSecret']).toBe(first.auth.jwtSecret);
  });

  it('names every bad key and its environment variable', () => {
    expect(() =>
      loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir(), PORT: 'abc', DATABASE_URL: 'postgres://x' }),
    ).toThrow(/server\.port \(env PORT\)[\s\S]*database\.url \(env DATABASE_URL\)/);
  });

  it('refuses the sandbox in production and demands real secrets there', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir() })).toThrow(
      /sandbox cannot run with NODE_ENV=production/,
    );
    let error: unknown;
    try {
      loadConfig({ NODE_ENV: 'production', WECHAT_MODE: 'live', DATA_DIR: dataDir() });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(String(error)).toMatch(/auth\.jwtSecret \(env JWT_SECRET\)/);
    expect(String(error)).toMatch(/wechat\.appSecret \(env WECHAT_APP_SECRET\)/);
  });

  it('refuses SQLite in production unless explicitly allowed', () => {
    const secrets = {
      NODE_ENV: 'production',
      WECHAT_MODE: 'live',
      WECHAT_APP_SECRET: 'live-secret',
      JWT_SECRET: 'x'.repeat(48),
      PHONE_ENC_KEY: Buffer.alloc(32, 1).toString('base64'),
      HASH_KEY: Buffer.alloc(32, 2).toString('base64'),
      WECHATPAY_PRIVATE_KEY_FILE: '/etc/member/apiclient_key.pem',
      WECHATPAY_MERCHANT_SERIAL: '0B6FC1AFB309881A769306BD327E8C2E2704D454',
      WECHATPAY_APIV3_KEY: 'k'.repeat(32),
      WECHATPAY_PUBLIC_KEY_FILE: '/etc/member/pub_key.pem',
      WECHATPAY_PUBLIC_KEY_ID: 'PUB_KEY_ID_0114232134912410000000000000',
    };
    expect(() => loadConfig({ ...secrets, DATA_DIR: dataDir() })).toThrow(
      /database\.url \(env DATABASE_URL\): NODE_ENV=production refuses embedded SQLite.*DATABASE_ALLOW_SQLITE_IN_PRODUCTION/,
    );
    const allowed = loadConfig({ ...secrets, DATA_DIR: dataDir(), DATABASE_ALLOW_SQLITE_IN_PRODUCTION: 'true' });
    expect(allowed.database).toMatchObject({ url: '', allowSqliteInProduction: true });
    const mysql = loadConfig({ ...secrets, DATA_DIR: dataDir(), DATABASE_URL: 'mysql://u:p@db:3306/member' });
    expect(mysql.database.allowSqliteInProduction).toBe(false);
  });
});
