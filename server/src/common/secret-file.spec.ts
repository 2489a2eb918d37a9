import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSecretFile } from './secret-file';

describe('writeSecretFile', () => {
  it('writes once, readable by the owner only', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'secret-')), 'data');
    const file = writeSecretFile(dir, 'admin.txt', 'admin / pw');
    expect(readFileSync(file, 'utf8')).toBe('admin / pw\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(() => writeSecretFile(dir, 'admin.txt', 'other')).toThrow(/EEXIST/);
    expect(readFileSync(file, 'utf8')).toBe('admin / pw\n');
  });
});
