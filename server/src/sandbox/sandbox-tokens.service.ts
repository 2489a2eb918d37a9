import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { Clock, shanghaiDate } from '../common/clock';
import { checkAppCredentials } from './sandbox-credentials';
import { SandboxWxError, wxParam } from './sandbox-wx.error';

const TOKEN_TTL_MS = 7200_000;
// stable_token issues a successor this long before expiry; cgi-bin/token keeps a replaced token this long.
const OVERLAP_MS = 300_000;
const FORCE_REFRESH_PER_DAY = 20;
const FORCE_REFRESH_GAP_MS = 30_000;
const CLASSIC_PER_DAY = 2000;
// Expired tokens are remembered this long so they answer 42001 instead of 40001.
const RETENTION_MS = 24 * 3600_000;

interface TokenRecord {
  kind: 'stable' | 'classic';
  expiresAtMs: number;
  /** From then on the token answers 40001 ("not latest"): replaced, force-refreshed or invalidated. */
  staleAtMs?: number;
}

export interface TokenAnswer {
  access_token: string;
  expires_in: number;
}

/** access_tokens from POST /cgi-bin/stable_token and GET /cgi-bin/token, kept apart as WeChat does. */
@Injectable()
export class SandboxTokensService {
  private readonly tokens = new Map<string, TokenRecord>();
  private stableCurrent: string | null = null;
  private classicCurrent: string | null = null;
  private forceRefreshesMs: number[] = [];
  private classicIssuesMs: number[] = [];

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** POST /cgi-bin/stable_token */
  stableToken(body: unknown): TokenAnswer {
    if (typeof body !== 'object' || body === null) throw new SandboxWxError(47001);
    checkAppCredentials(this.config, wxParam(body, 'appid'), wxParam(body, 'secret'));
    if (wxParam(body, 'grant_type') !== 'client_credential') throw new SandboxWxError(40002);
    const force = (body as Record<string, unknown>).force_refresh;
    const now = this.clock.nowMs();
    const current = this.stableCurrent ? this.tokens.get(this.stableCurrent) : undefined;

    if (force === true || force === 'true') {
      this.checkForceRefreshQuota(now);
      this.forceRefreshesMs.push(now);
      // Force mode kills every live stable token at once (meant for leaked tokens only).
      for (const record of this.tokens.values()) {
        if (record.kind === 'stable' && this.usable(record, now)) record.staleAtMs = now;
      }
    } else if (current && this.usable(current, now) && now < current.expiresAtMs - OVERLAP_MS) {
      // Normal mode is idempotent: every caller gets the same token while it is valid.
      return this.answer(this.stableCurrent!, current, now);
    }
    // Issued on first use, after force/invalidation, or in the last 5 minutes; the old one runs out on its own.
    this.stableCurrent = this.issue('stable', now);
    return this.answer(this.stableCurrent, this.tokens.get(this.stableCurrent)!, now);
  }

  /** GET /cgi-bin/token: each call replaces the previous token, which stays usable about 5 minutes. */
  classicToken(query: unknown): TokenAnswer {
    if (wxParam(query, 'grant_type') !== 'client_credential') throw new SandboxWxError(40002);
    checkAppCredentials(this.config, wxParam(query, 'appid'), wxParam(query, 'secret'));
    const now = this.clock.nowMs();
    const today = shanghaiDate(new Date(now));
    this.classicIssuesMs = this.classicIssuesMs.filter((at) => shanghaiDate(new Date(at)) === today);
    if (this.classicIssuesMs.length >= CLASSIC_PER_DAY) throw new SandboxWxError(45009);
    this.classicIssuesMs.push(now);

    const previous = this.classicCurrent ? this.tokens.get(this.classicCurrent) : undefined;
    if (previous) previous.staleAtMs = Math.min(previous.staleAtMs ?? Infinity, now + OVERLAP_MS);
    this.classicCurrent = this.issue('classic', now);
    return this.answer(this.classicCurrent, this.tokens.get(this.classicCurrent)!, now);
  }

  /** The access_token check every token-bearing API runs first. */
  verify(accessToken: string | undefined): void {
    if (accessToken === undefined) throw new SandboxWxError(41001);
    const record = this.tokens.get(accessToken);
    const now = this.clock.nowMs();
    if (!record || (record.staleAtMs !== undefined && now >= record.staleAtMs)) throw new SandboxWxError(40001);
    if (now >= record.expiresAtMs) throw new SandboxWxError(42001);
  }

  /** Makes every token issued so far answer 40001 (simulates a secret reset or another party's force refresh). */
  invalidateAll(): { invalidated: number } {
    const now = this.clock.nowMs();
    let invalidated = 0;
    for (const record of this.tokens.values()) {
      if (!this.usable(record, now)) continue;
      record.staleAtMs = now;
      invalidated += 1;
    }
    return { invalidated };
  }

  private checkForceRefreshQuota(now: number): void {
    const today = shanghaiDate(new Date(now));
    this.forceRefreshesMs = this.forceRefreshesMs.filter((at) => shanghaiDate(new Date(at)) === today);
    const last = this.forceRefreshesMs[this.forceRefreshesMs.length - 1];
    if (this.forceRefreshesMs.length >= FORCE_REFRESH_PER_DAY) throw new SandboxWxError(45009);
    if (last !== undefined && now - last < FORCE_REFRESH_GAP_MS) {
      throw new SandboxWxError(45011, 'force_refresh is limited to once every 30 seconds');
    }
  }

  private issue(kind: TokenRecord['kind'], now: number): string {
    for (const [token, record] of this.tokens) {
      if (now - Math.min(record.expiresAtMs, record.staleAtMs ?? Infinity) > RETENTION_MS) this.tokens.delete(token);
    }
    // Real tokens are long opaque strings (WeChat asks for ≥512 characters of storage).
    const token = `${kind === 'stable' ? 'sbx_st' : 'sbx_ct'}_${randomBytes(96).toString('base64url')}`;
    this.tokens.set(token, { kind, expiresAtMs: now + TOKEN_TTL_MS });
    return token;
  }

  private usable(record: TokenRecord, now: number): boolean {
    return now < record.expiresAtMs && (record.staleAtMs === undefined || now < record.staleAtMs);
  }

  private answer(token: string, record: TokenRecord, now: number): TokenAnswer {
    return { access_token: token, expires_in: Math.ceil((record.expiresAtMs - now) / 1000) };
  }
}
