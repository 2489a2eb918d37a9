import { createCipheriv, randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { openTestDataSource } from '../../../../test/fixtures/test-data-source';
import type { AppConfig } from '../../config/app-config';
import { Member } from './entities/member.entity';
import { PhoneCryptoService } from './phone-crypto.service';
import { rotatePhoneKeys } from './phone-key-rotation';

const key = () => randomBytes(32).toString('base64');
const crypto = (phoneKeyId: string, phoneKey: string, previousPhoneKeys: Record<string, string> = {}) =>
  new PhoneCryptoService({
    security: { phoneKey, phoneKeyId, previousPhoneKeys, hashKey: key() },
  } as unknown as AppConfig);

/** A ciphertext as stored before key ids existed: base64(iv | tag | data), no "<id>." prefix. */
function legacyCipher(phone: string, b64key: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(b64key, 'base64'), iv);
  const data = Buffer.concat([cipher.update(phone, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64');
}

describe('phone key rotation', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  beforeAll(async () => ({ ds, close } = await openTestDataSource()));
  afterAll(() => close());

  it('keeps old ciphertexts readable, re-encrypts them all under the new key once, then needs no old key', async () => {
    const [k0, k1, k2] = [key(), key(), key()];
    const now = new Date();
    const phones = ['13800000001', '13800000002', '13800000003'];
    const stored = [legacyCipher(phones[0], k0), crypto('p1', k1).encrypt(phones[1]), null];
    await ds.getRepository(Member).insert(
      stored.map((phoneCipher, i) => ({
        memberNo: `9000000000${i}`,
        openid: `o-rotation-${i}`,
        phoneCipher,
        createdAt: now,
        updatedAt: now,
      })),
    );
    // Every new ciphertext names its key.
    expect(stored[1]).toMatch(/^p1\./);

    // Rotation: p2 is current, the legacy key and p1 are still listed.
    const during = crypto('p2', k2, { p0: k0, p1: k1 });
    expect(during.decrypt(stored[0]!)).toBe(phones[0]);
    expect(during.decrypt(stored[1]!)).toBe(phones[1]);
    expect(await rotatePhoneKeys(ds, during, 2)).toEqual({ scanned: 3, rotated: 2 });
    expect(await rotatePhoneKeys(ds, during, 2)).toEqual({ scanned: 3, rotated: 0 });

    // After: only p2 is configured, and every stored number still reads.
    const after = crypto('p2', k2);
    const rows = await ds.getRepository(Member).find({ order: { id: 'ASC' } });
    expect(rows.map((r) => r.phoneCipher && after.decrypt(r.phoneCipher))).toEqual([phones[0], phones[1], null]);
    expect(rows.every((r) => r.phoneCipher === null || r.phoneCipher.startsWith('p2.'))).toBe(true);
    // A ciphertext under a key that is no longer configured is refused, not misread.
    expect(() => after.decrypt(stored[1]!)).toThrow(/unknown key/);
  });
});
