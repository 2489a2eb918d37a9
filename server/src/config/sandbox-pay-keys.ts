import { generateKeyPairSync, randomBytes, randomInt } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The WeChat Pay key set the sandbox plays with, made once per data directory (never committed):
 *   merchant-key.pem / merchant-public.pem  the merchant API key pair (we sign requests, the sandbox checks)
 *   merchant-serial.txt                     the merchant certificate serial the requests name
 *   platform-key.pem / platform-public.pem  "WeChat Pay"'s pair (the sandbox signs, we verify)
 *   platform-key-id.txt                     its PUB_KEY_ID_… (public-key mode)
 *   apiv3.key                               the 32-character APIv3 key (notification encryption)
 * Files are 0600. A partial set (a crash mid-write) is completed, never regenerated half.
 */
export interface SandboxPayKeys {
  dir: string;
  files: Record<'merchantKey' | 'merchantPublic' | 'platformKey' | 'platformPublic', string>;
  merchantSerial: string;
  platformKeyId: string;
  apiV3Key: string;
}

export const SANDBOX_PAY_KEY_DIR = 'sandbox-keys';

function pair(dir: string, privateName: string, publicName: string): void {
  if (existsSync(join(dir, privateName)) && existsSync(join(dir, publicName))) return;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  writeFileSync(join(dir, privateName), privateKey, { mode: 0o600 });
  writeFileSync(join(dir, publicName), publicKey, { mode: 0o600 });
}

function text(dir: string, name: string, make: () => string): string {
  const file = join(dir, name);
  if (!existsSync(file)) writeFileSync(file, make() + '\n', { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function ensureSandboxPayKeys(dataDir: string): SandboxPayKeys {
  const dir = join(dataDir, SANDBOX_PAY_KEY_DIR);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  pair(dir, 'merchant-key.pem', 'merchant-public.pem');
  pair(dir, 'platform-key.pem', 'platform-public.pem');
  const digits = (n: number) => Array.from({ length: n }, () => String(randomInt(10))).join('');
  return {
    dir,
    files: {
      merchantKey: join(dir, 'merchant-key.pem'),
      merchantPublic: join(dir, 'merchant-public.pem'),
      platformKey: join(dir, 'platform-key.pem'),
      platformPublic: join(dir, 'platform-public.pem'),
    },
    merchantSerial: text(dir, 'merchant-serial.txt', () => randomBytes(20).toString('hex').toUpperCase()),
    platformKeyId: text(dir, 'platform-key-id.txt', () => `PUB_KEY_ID_${digits(32)}`),
    apiV3Key: text(dir, 'apiv3.key', () => Array.from({ length: 32 }, () => ALNUM[randomInt(ALNUM.length)]).join('')),
  };
}
