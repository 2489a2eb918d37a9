import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { configSchema, type AppConfigShape } from './config.schema';
import { ensureSandboxPayKeys } from './sandbox-pay-keys';

/** Where WeChat Pay posts payment and refund results (relative to server.publicUrl). */
export const PAY_NOTIFY_PATH = '/api/v1/pay/wechat/notify';
export const PAY_REFUND_NOTIFY_PATH = '/api/v1/pay/wechat/refund-notify';

// Environment variables that override configuration keys. This module is the only reader of process.env.
const ENV_KEYS: Record<string, string> = {
  PORT: 'server.port',
  HOST: 'server.host',
  PUBLIC_URL: 'server.publicUrl',
  API_DOCS: 'server.docs',
  TRUST_PROXY: 'server.trustProxy',
  DATABASE_URL: 'database.url',
  DATA_DIR: 'database.dataDir',
  DB_LOGGING: 'database.logging',
  DATABASE_ALLOW_SQLITE_IN_PRODUCTION: 'database.allowSqliteInProduction',
  JWT_SECRET: 'auth.jwtSecret',
  JWT_KEY_ID: 'auth.jwtKeyId',
  JWT_SECRETS_PREVIOUS: 'auth.previousJwtSecrets',
  PHONE_ENC_KEY: 'security.phoneKey',
  PHONE_ENC_KEY_ID: 'security.phoneKeyId',
  PHONE_ENC_KEYS_PREVIOUS: 'security.previousPhoneKeys',
  HASH_KEY: 'security.hashKey',
  WECHAT_MODE: 'wechat.mode',
  WECHAT_API_BASE_URL: 'wechat.apiBaseUrl',
  WECHAT_APP_ID: 'wechat.appId',
  WECHAT_APP_SECRET: 'wechat.appSecret',
  WECHATPAY_API_BASE_URL: 'wechatPay.apiBaseUrl',
  WECHATPAY_MCH_ID: 'wechatPay.mchId',
  WECHATPAY_PRIVATE_KEY_FILE: 'wechatPay.privateKeyFile',
  WECHATPAY_MERCHANT_SERIAL: 'wechatPay.merchantSerial',
  WECHATPAY_APIV3_KEY: 'wechatPay.apiV3Key',
  WECHATPAY_PUBLIC_KEY_FILE: 'wechatPay.publicKeyFile',
  WECHATPAY_PUBLIC_KEY_ID: 'wechatPay.publicKeyId',
  WECHATPAY_PLATFORM_CERT_FILES: 'wechatPay.platformCertFiles',
  WECHATPAY_NOTIFY_URL: 'wechatPay.notifyUrl',
  WECHATPAY_REFUND_NOTIFY_URL: 'wechatPay.refundNotifyUrl',
  OPERATOR_BOOTSTRAP_USERNAME: 'operator.bootstrapUsername',
  OPERATOR_BOOTSTRAP_PASSWORD: 'operator.bootstrapPassword',
  DEMO_SEED: 'demo.seed',
  MEDIA_DRIVER: 'media.driver',
  MEDIA_DIR: 'media.dir',
  JOBS_ENABLED: 'jobs.enabled',
  JOBS_TICK_SECONDS: 'jobs.tickSeconds',
  OUTBOX_ENABLED: 'outbox.enabled',
  NOTICES_ENABLED: 'notices.enabled',
  NOTICES_SENDS_PER_SECOND: 'notices.sendsPerSecond',
};

// Secrets that may be generated (and kept in <dataDir>/secrets.json) outside production.
const GENERATED_SECRETS: Record<string, () => string> = {
  'auth.jwtSecret': () => randomBytes(48).toString('base64url'),
  'security.phoneKey': () => randomBytes(32).toString('base64'),
  'security.hashKey': () => randomBytes(32).toString('base64'),
  'wechat.appSecret': () => randomBytes(16).toString('hex'),
};

export class ConfigError extends Error {}

type Tree = Record<string, unknown>;

export function findRepoRoot(start = __dirname): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'config', 'default.yaml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new ConfigError('config/default.yaml not found above ' + start);
    dir = parent;
  }
}

function getPath(tree: Tree, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node as Tree | undefined)?.[key], tree);
}

function setPath(tree: Tree, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = tree;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Tree;
  }
  node[keys[keys.length - 1]] = value;
}

function merge(base: Tree, over: Tree): Tree {
  const out: Tree = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prev = out[key];
    out[key] =
      value && typeof value === 'object' && !Array.isArray(value) && prev && typeof prev === 'object'
        ? merge(prev as Tree, value as Tree)
        : value;
  }
  return out;
}

function readYaml(file: string): Tree {
  if (!existsSync(file)) return {};
  return (parse(readFileSync(file, 'utf8')) as Tree | null) ?? {};
}

function fillDevSecrets(tree: Tree, dataDir: string): void {
  const missing = Object.keys(GENERATED_SECRETS).filter((key) => !getPath(tree, key));
  if (missing.length === 0) return;
  const file = join(dataDir, 'secrets.json');
  const stored: Record<string, string> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  let changed = false;
  for (const key of missing) {
    if (!stored[key]) {
      stored[key] = GENERATED_SECRETS[key]();
      changed = true;
    }
    setPath(tree, key, stored[key]);
  }
  if (changed) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
}

/**
 * Sandbox mode: every WeChat Pay key left empty points at the sandbox's generated set (made once into
 * <dataDir>/sandbox-keys/, never committed). Keys configured explicitly are kept.
 */
function fillSandboxPayKeys(tree: Tree, dataDir: string): void {
  const keys = ensureSandboxPayKeys(dataDir);
  const fill: Record<string, string> = {
    'wechatPay.privateKeyFile': keys.files.merchantKey,
    'wechatPay.merchantSerial': keys.merchantSerial,
    'wechatPay.apiV3Key': keys.apiV3Key,
    'wechatPay.publicKeyFile': keys.files.platformPublic,
    'wechatPay.publicKeyId': keys.platformKeyId,
  };
  for (const [key, value] of Object.entries(fill)) if (!getPath(tree, key)) setPath(tree, key, value);
}

/**
 * Loads config/default.yaml, config/<env>.yaml and environment overrides, fills development
 * secrets, validates, and throws a ConfigError naming every bad key.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, root = findRepoRoot()): AppConfigShape {
  const nodeEnv = env.NODE_ENV ?? 'development';
  const tree = merge(readYaml(join(root, 'config', 'default.yaml')), readYaml(join(root, 'config', `${nodeEnv}.yaml`)));
  tree.env = nodeEnv;
  for (const [name, key] of Object.entries(ENV_KEYS)) {
    if (env[name] !== undefined && env[name] !== '') setPath(tree, key, env[name]);
  }
  // The API description is public knowledge outside production; in production only when asked for.
  if (getPath(tree, 'server.docs') === '' || getPath(tree, 'server.docs') == null) {
    setPath(tree, 'server.docs', nodeEnv !== 'production');
  }
  for (const key of [
    'server.docs',
    'database.logging',
    'database.allowSqliteInProduction',
    'demo.seed',
    'jobs.enabled',
    'outbox.enabled',
  ]) {
    const value = getPath(tree, key);
    if (typeof value === 'string') setPath(tree, key, value === 'true' || value === '1');
  }

  const dataDirRaw = String(getPath(tree, 'database.dataDir') ?? './data');
  const dataDir = isAbsolute(dataDirRaw) ? dataDirRaw : resolve(root, dataDirRaw);
  setPath(tree, 'database.dataDir', dataDir);
  // Images default to <dataDir>/media; several machines point MEDIA_DIR at one shared directory instead.
  const mediaDir = String(getPath(tree, 'media.dir') ?? '');
  setPath(tree, 'media.dir', mediaDir === '' ? join(dataDir, 'media') : resolve(root, mediaDir));
  for (const key of ['static.consoleDir', 'static.h5Dir']) {
    const value = String(getPath(tree, key) ?? '');
    setPath(tree, key, isAbsolute(value) ? value : resolve(root, value));
  }

  const mode = getPath(tree, 'wechat.mode');
  if (nodeEnv === 'production' && mode === 'sandbox') {
    throw new ConfigError('wechat.mode: the WeChat sandbox cannot run with NODE_ENV=production; set WECHAT_MODE=live');
  }
  if (nodeEnv !== 'production') fillDevSecrets(tree, dataDir);
  const port = Number(getPath(tree, 'server.port')) || 3000;
  if (!getPath(tree, 'server.publicUrl')) setPath(tree, 'server.publicUrl', `http://localhost:${port}`);
  if (!getPath(tree, 'wechat.apiBaseUrl')) {
    setPath(
      tree,
      'wechat.apiBaseUrl',
      mode === 'live' ? 'https://api.weixin.qq.com' : `http://127.0.0.1:${port}/sandbox/wx/api`,
    );
  }

  if (!getPath(tree, 'wechatPay.apiBaseUrl')) {
    setPath(
      tree,
      'wechatPay.apiBaseUrl',
      mode === 'live' ? 'https://api.mch.weixin.qq.com' : `http://127.0.0.1:${port}/sandbox/pay/api`,
    );
  }
  if (mode === 'sandbox') fillSandboxPayKeys(tree, dataDir);
  const publicUrl = String(getPath(tree, 'server.publicUrl')).replace(/\/$/, '');
  for (const [key, path] of [
    ['wechatPay.notifyUrl', PAY_NOTIFY_PATH],
    ['wechatPay.refundNotifyUrl', PAY_REFUND_NOTIFY_PATH],
  ]) {
    if (!getPath(tree, key)) setPath(tree, key, publicUrl + path);
  }

  const issues: { path: PropertyKey[]; message: string }[] = [];
  // Embedded SQLite is one file on one node with every statement queued: fine for demos, not for production.
  if (
    nodeEnv === 'production' &&
    !getPath(tree, 'database.url') &&
    !getPath(tree, 'database.allowSqliteInProduction')
  ) {
    issues.push({
      path: ['database', 'url'],
      message:
        'NODE_ENV=production refuses embedded SQLite; set a mysql:// URL, or set ' +
        'database.allowSqliteInProduction (env DATABASE_ALLOW_SQLITE_IN_PRODUCTION) to true to run on SQLite anyway',
    });
  }
  const result = configSchema.safeParse(tree);
  if (!result.success) issues.push(...result.error.issues);
  if (issues.length > 0 || !result.success) {
    const lines = issues.map((issue) => {
      const key = issue.path.join('.');
      const envName = Object.entries(ENV_KEYS).find(([, k]) => k === key)?.[0];
      return `  ${key}${envName ? ` (env ${envName})` : ''}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}
