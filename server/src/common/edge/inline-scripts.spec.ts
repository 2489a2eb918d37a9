import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inlineScriptHashes } from './inline-scripts';

describe('inlineScriptHashes', () => {
  it('hashes inline scripts only, as the browser does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spa-'));
    writeFileSync(
      join(dir, 'index.html'),
      '<html><script>var a=1;</script><script defer src="/app.js"></script><script type="module"> b() </script></html>',
    );
    const sha = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
    expect(inlineScriptHashes([dir, join(dir, 'missing')])).toEqual([sha('var a=1;'), sha(' b() ')]);
  });
});
