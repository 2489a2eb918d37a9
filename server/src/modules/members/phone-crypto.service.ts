import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';

/** Phone numbers at rest: AES-256-GCM ciphertext plus a keyed hash for exact lookup. */
@Injectable()
export class PhoneCryptoService {
  private readonly encKey: Buffer;
  private readonly hashKey: Buffer;

  constructor(config: AppConfig) {
    this.encKey = Buffer.from(config.security.phoneKey, 'base64');
    this.hashKey = Buffer.from(config.security.hashKey, 'base64');
  }

  encrypt(phone: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    const data = Buffer.concat([cipher.update(phone, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64');
  }

  decrypt(stored: string): string {
    const raw = Buffer.from(stored, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.encKey, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
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
