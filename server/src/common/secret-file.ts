import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes a secret (the generated first admin password) to a file only its owner can read (0600), once: an
 * existing file is never overwritten. Production prints this path instead of the secret, so it never
 * lands in a log collector.
 */
export function writeSecretFile(dir: string, name: string, text: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  writeFileSync(file, text.endsWith('\n') ? text : text + '\n', { mode: 0o600, flag: 'wx' });
  return file;
}
