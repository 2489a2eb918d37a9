import { createHmac, randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ErrorCode, MEMBER_CODE_TTL_SECONDS } from '@member/shared';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { Clock } from '../../common/clock';
import { AppConfig } from '../../config/app-config';
import { MemberCode } from './entities/member-code.entity';

const PREFIX = '66';

/**
 * Rotating member codes: 18 digits = "66" + 12 random digits + 4 HMAC check digits. The check digits
 * tell a forged or mistyped code from a real one without a lookup; the stored row makes it expire and
 * be consumed exactly once.
 */
@Injectable()
export class MemberCodesService {
  private readonly key: Buffer;

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.key = Buffer.from(config.security.hashKey, 'base64');
  }

  async issue(memberId: number): Promise<MemberCode> {
    const now = this.clock.now();
    const body = PREFIX + String(randomInt(0, 1e6)).padStart(6, '0') + String(randomInt(0, 1e6)).padStart(6, '0');
    const row = this.ds.getRepository(MemberCode).create({
      code: body + this.check(body),
      memberId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + MEMBER_CODE_TTL_SECONDS * 1000),
      consumedAt: null,
      consumedBy: null,
    });
    return this.ds.getRepository(MemberCode).save(row);
  }

  /** Finds a valid code without consuming it (a lookup alone leaves it usable). */
  async resolve(code: string, em: EntityManager = this.ds.manager): Promise<MemberCode> {
    const row = await em.findOneBy(MemberCode, { code: this.checkFormat(code) });
    if (!row) throw new AppException(ErrorCode.MEMBER_CODE_UNKNOWN);
    if (row.consumedAt) throw new AppException(ErrorCode.MEMBER_CODE_USED);
    if (row.expiresAt.getTime() <= this.clock.nowMs()) throw new AppException(ErrorCode.MEMBER_CODE_EXPIRED);
    return row;
  }

  /** Consumes a code inside the caller's transaction: a guarded update, so two staff actions can't both win. */
  async consume(em: EntityManager, code: string, consumedBy: string): Promise<MemberCode> {
    const row = await this.resolve(code, em);
    const result = await em.update(
      MemberCode,
      { id: row.id, consumedAt: IsNull() },
      { consumedAt: this.clock.now(), consumedBy: consumedBy.slice(0, 64) },
    );
    if (!result.affected) throw new AppException(ErrorCode.MEMBER_CODE_USED);
    return row;
  }

  private checkFormat(input: string): string {
    const code = input.replace(/\s+/g, '');
    // Forged or mistyped: the same answer as an unknown code, so nobody can probe for valid check digits.
    if (!/^\d{18}$/.test(code) || !code.startsWith(PREFIX) || this.check(code.slice(0, 14)) !== code.slice(14)) {
      throw new AppException(ErrorCode.MEMBER_CODE_UNKNOWN);
    }
    return code;
  }

  private check(body: string): string {
    return memberCodeCheckDigits(this.key, body);
  }
}

/** The 4 check digits of a 14-digit code body. */
export function memberCodeCheckDigits(key: Buffer, body: string): string {
  const mac = createHmac('sha256', key).update(`member-code:${body}`).digest();
  return String(mac.readUInt32BE(0) % 10000).padStart(4, '0');
}
