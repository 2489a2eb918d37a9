import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { RateLimitService, type RateLimitRule } from '../../common/rate-limit/rate-limit.service';
import { RateLimitedException, waitText } from '../../common/rate-limit/rate-limited.exception';
import { AppConfig } from '../../config/app-config';

/** The buckets one login attempt holds a try in, settled once the password has been checked. */
export interface LoginAttempt {
  username: string;
  ip: string;
  /** The known device's nonce when the attempt came with a valid device token. */
  device: string | null;
}

const DEVICE_PREFIX = 'operator-device:';

/**
 * Failed console logins, counted in the shared rate limiter (database), so every node sees them. An attempt
 * takes its try before the password is checked (a burst of guesses cannot all slip past a read of the
 * count) and a success gives it back. Unknown devices count per normalised username and per client address;
 * a browser that signed in to that name before (valid device token) counts in a bucket of its own, so an
 * attacker guessing a name's password delays only new devices and never locks out the name's owner.
 */
@Injectable()
export class LoginLimiter {
  private readonly key: Buffer;

  constructor(
    private readonly limits: RateLimitService,
    private readonly config: AppConfig,
  ) {
    this.key = Buffer.from(config.security.hashKey, 'base64');
  }

  /** Takes this attempt's tries, or throws 429 naming the wait (and takes none). */
  async begin(username: string, ip: string, deviceToken: string | undefined): Promise<LoginAttempt> {
    const attempt: LoginAttempt = { username, ip, device: this.knownDevice(username, deviceToken) };
    const taken: [RateLimitRule, string][] = [];
    for (const [rule, subject] of this.buckets(attempt)) {
      const decision = await this.limits.take(rule, subject);
      if (!decision.allowed) {
        for (const [r, s] of taken) await this.limits.giveBack(r, s);
        throw new RateLimitedException(
          decision.retryAfterSeconds,
          `登录失败次数过多，请 ${waitText(decision.retryAfterSeconds)}后再试`,
        );
      }
      taken.push([rule, subject]);
    }
    return attempt;
  }

  /**
   * The right password gives its try back, and a known device's own typos are forgiven. The name's failures
   * stay counted until their window ends or an admin lifts them: the owner signing in must not hand whoever
   * is guessing a fresh allowance.
   */
  async succeeded(attempt: LoginAttempt): Promise<void> {
    if (attempt.device) {
      await this.limits.clear(this.deviceRule(), `${attempt.username}:${attempt.device}`);
      return;
    }
    await this.limits.giveBack(this.userRule(), attempt.username);
    await this.limits.giveBack(this.ipRule(), attempt.ip);
  }

  /** An admin lifts the lock on a name (new devices may try again at once). */
  unlock(username: string): Promise<void> {
    return this.limits.clear(this.userRule(), username);
  }

  /** Per normalised name: until when new devices are locked out, or null. */
  lockedUntil(usernames: string[]): Promise<Map<string, Date | null>> {
    return this.limits.blockedUntil(this.userRule(), usernames);
  }

  /** Guesses of the current password on the change-password form count like failed logins, per account. */
  async checkPasswordGuess(operatorId: number): Promise<void> {
    await this.limits.consume(
      { ...this.userRule(), name: 'password-check' },
      String(operatorId),
      (wait) => `密码错误次数过多，请 ${waitText(wait)}后再试`,
    );
  }

  forgivePasswordGuesses(operatorId: number): Promise<void> {
    return this.limits.clear({ ...this.userRule(), name: 'password-check' }, String(operatorId));
  }

  /** A token this browser keeps for the name: proof it has signed in to it before (keyed hash, no row). */
  deviceToken(username: string, attempt: LoginAttempt): string {
    const nonce = attempt.device ?? randomBytes(16).toString('base64url');
    return `${nonce}.${this.mac(username, nonce)}`;
  }

  private knownDevice(username: string, token: string | undefined): string | null {
    const match = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{22})$/.exec(token ?? '');
    if (!match) return null;
    const expected = Buffer.from(this.mac(username, match[1]));
    const given = Buffer.from(match[2]);
    return timingSafeEqual(expected, given) ? match[1] : null;
  }

  private mac(username: string, nonce: string): string {
    return createHmac('sha256', this.key)
      .update(`${DEVICE_PREFIX}${username}:${nonce}`)
      .digest('base64url')
      .slice(0, 22);
  }

  private buckets(attempt: LoginAttempt): [RateLimitRule, string][] {
    if (attempt.device) return [[this.deviceRule(), `${attempt.username}:${attempt.device}`]];
    return [
      [this.userRule(), attempt.username],
      [this.ipRule(), attempt.ip],
    ];
  }

  private userRule(): RateLimitRule {
    const { loginMaxFailures, loginWindowSeconds } = this.config.operator;
    return { name: 'login-user', limit: loginMaxFailures, windowSeconds: loginWindowSeconds };
  }

  private deviceRule(): RateLimitRule {
    return { ...this.userRule(), name: 'login-device' };
  }

  private ipRule(): RateLimitRule {
    return { name: 'login-ip', ...this.config.rateLimits.operatorLoginIp };
  }
}
