import { createHmac } from 'node:crypto';
import type { AppConfig } from '../../config/app-config';
import { TokenService } from './token.service';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const tokens = (jwtKeyId: string, jwtSecret: string, previousJwtSecrets: Record<string, string> = {}) =>
  new TokenService({
    auth: { jwtSecret, jwtKeyId, previousJwtSecrets, memberTokenTtlSeconds: 600 },
  } as unknown as AppConfig);

const header = (token: string) => JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()) as object;
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
/** A token as signed before key ids existed: no `kid` in the header. */
function legacyToken(secret: string, payload: object): string {
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ ...payload, iat: Math.floor(Date.now() / 1000) })}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

describe('TokenService key rotation', () => {
  it('names its key in the header and verifies tokens of every listed key until that key is dropped', () => {
    const before = tokens('j1', A).signMember(7);
    expect(header(before)).toMatchObject({ alg: 'HS256', kid: 'j1' });

    const during = tokens('j2', B, { j1: A });
    expect(during.verify(before)).toEqual({ kind: 'member', memberId: 7 });
    const fresh = during.signMember(8);
    expect(header(fresh)).toMatchObject({ kid: 'j2' });

    const after = tokens('j2', B);
    expect(after.verify(fresh)).toEqual({ kind: 'member', memberId: 8 });
    expect(() => after.verify(before)).toThrow(expect.objectContaining({ code: 'UNAUTHENTICATED' }));
  });

  it('accepts a token without kid from a listed secret, and refuses a kid that names another key', () => {
    expect(tokens('j2', B, { j1: A }).verify(legacyToken(A, { kind: 'member', memberId: 3 }))).toEqual({
      kind: 'member',
      memberId: 3,
    });
    // Signed with B but claiming to be j1's: verified against j1's secret only, so refused.
    const forged = tokens('j1', B).signMember(9);
    expect(() => tokens('j2', B, { j1: A }).verify(forged)).toThrow(
      expect.objectContaining({ code: 'UNAUTHENTICATED' }),
    );
    expect(() => tokens('j1', A).verify('not-a-token')).toThrow(expect.objectContaining({ code: 'UNAUTHENTICATED' }));
  });
});
