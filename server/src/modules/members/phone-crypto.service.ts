import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';

/**
 * Phone numbers at rest: AES-256-GCM ciphertext plus a keyed hash for exact lookup. Each ciphertext names
 * its key ("<keyId>.<base64>"), so keys can rotate: new ciphertexts use the current key, earlier keys stay
 * readable while listed in `security.previousPhoneKeys`, and `npm run rotate:keys` re-encrypts the rest.
 */
@Injectable()
export class PhoneCryptoService {
  private readonly keyId: string;
  private readonly keys: Map<string, Buffer>;
  private readonly hashKey: Buffer;

  constructor(config: AppConfig) {
    const { phoneKey, phoneKeyId, previousPhoneKeys, hashKey } = config.security;
    this.keyId = phoneKeyId;
    this.keys = new Map(Object.entries(previousPhoneKeys).map(([id, key]) => [id, Buffer.from(key, 'base64')]));
    this.keys.set(phoneKeyId, Buffer.from(phoneKey, 'base64'));
    this.hashKey = Buffer.from(hashKey, 'base64');
  }

  encrypt(phone: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.keyId)!, iv);
    const data = Buffer.concat([cipher.update(phone, 'utf8'), cipher.final()]);
    return `${this.keyId}.${Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64')}`;
  }

  decrypt(stored: string): string {
    const dot = stored.indexOf('.');
    // Ciphertexts from before key ids carry none; GCM's tag tells which of the known keys made them.
    const candidates = dot < 0 ? [...this.keys.values()] : [this.keys.get(stored.slice(0, dot))];
    const raw = Buffer.from(stored.slice(dot + 1), 'base64');
    for (const key of candidates) {
      if (!key) break;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
        decipher.setAuthTag(raw.subarray(12, 28));
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
      } catch {
        // wrong key for a legacy ciphertext: try the next one
      }
    }
    throw new Error(`phone ciphertext under an unknown key (${dot < 0 ? 'no key id' : stored.slice(0, dot)})`);
  }

  /** Whether a stored ciphertext is already under the current key (rotation skips those). */
  isCurrent(stored: string): boolean {
    return stored.startsWith(`${this.keyId}.`);
  }

  hash(phone: string): string {
    return createHmac('sha256', this.hashKey)
      .update(`phone:${normalizePhone(phone)}`)
      .digest('hex');
  }
}

/** Mainland numbers without country code; other countries keep "+<cc>" so they never collide. */
export function normalizePhone(phone: string, countryCode = '86'): string {
  const digits = phone.replace(/[^\d]/g, '');
  return countryCode === '86' ? digits.replace(/^86(?=1\d{10}$)/, '') : `+${countryCode}${digits}`;
}

export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}
