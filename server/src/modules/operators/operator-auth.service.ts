import { Injectable } from '@nestjs/common';
import {
  AuditAction,
  ErrorCode,
  type ChangePasswordRequest,
  type ChangePasswordResponse,
  type OperatorLoginRequest,
  type OperatorLoginResponse,
  type OperatorProfile,
  type OperatorRefreshResponse,
} from '@member/shared';
import { compare, hash } from 'bcryptjs';
import { AppException } from '../../common/app-exception';
import { Clock } from '../../common/clock';
import { AppConfig } from '../../config/app-config';
import { TransactionRunner } from '../../database/transaction-runner';
import { AuditService, operatorActor } from '../audit/audit.service';
import { TokenService, type OperatorPrincipal } from '../auth/token.service';
import type { Operator } from './entities/operator.entity';
import { LoginLimiter } from './login-limiter';
import { BCRYPT_ROUNDS, toPrincipal, toProfile } from './operator-views';
import { OperatorsRepository } from './operators.repository';
import { formatRefreshToken, newRefreshNonce, parseRefreshToken, refreshKey, refreshMacValid } from './refresh-token';
import { normalizeUsername } from './username';

// Compared against when the username is unknown, so timing does not reveal which usernames exist.
const DUMMY_HASH = '$2b$10$iNARJ98EW5/QDkDvvouU6OXgBKrZmXNXp6KtsqVThPS2KtBCRrB0i';

// Two console tabs may refresh with the same cookie at once: the loser presents a token the winner just
// rotated. Within this window the previous generation still gets an access token (and no new cookie: the
// winner's is already set) instead of counting as reuse. A copy replayed later ends the session.
const REFRESH_RACE_GRACE_MS = 10_000;

/** The refresh cookie to set: its value and how long the browser should keep it. */
export interface RefreshCookie {
  value: string;
  maxAgeMs: number;
}

/** An answer for the console plus, when a new refresh token was issued, the cookie that carries it. */
export interface SignedIn<T> {
  body: T;
  cookie: RefreshCookie | null;
}

/** An operator's own sign-in: login, sessions, logging out, changing the password. */
@Injectable()
export class OperatorAuthService {
  constructor(
    private readonly repo: OperatorsRepository,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly tokens: TokenService,
    private readonly limiter: LoginLimiter,
    private readonly audit: AuditService,
  ) {}

  async login(body: OperatorLoginRequest, ip: string): Promise<SignedIn<OperatorLoginResponse>> {
    const username = normalizeUsername(body.username);
    const attempt = await this.limiter.begin(username, ip, body.deviceToken);
    const operator = await this.repo.byName(username);
    const ok = await compare(body.password, operator?.passwordHash ?? DUMMY_HASH);
    // Unknown name, wrong password or disabled account: one answer, and the try stays counted.
    if (!operator || !ok || !operator.active) throw new AppException(ErrorCode.LOGIN_FAILED);
    await this.limiter.succeeded(attempt);
    await this.repo.recordLogin(operator.id, this.clock.now());
    await this.audit.record(operatorActor(toPrincipal(operator)), {
      action: AuditAction.OperatorLogin,
      targetType: 'operator',
      targetId: operator.id,
      after: { ip },
    });
    const { token, expiresIn, cookie } = await this.signIn(operator);
    return {
      body: {
        token,
        expiresIn,
        operator: toProfile(operator),
        deviceToken: this.limiter.deviceToken(username, attempt),
      },
      cookie,
    };
  }

  /**
   * A fresh access token for the session the refresh cookie names, and the cookie's next generation. 401 for
   * anything but the current token of a live session of an active account at the session's token version;
   * a genuine older token (a copy) also ends the session, so its access tokens die too, and is audited.
   */
  async refresh(raw: string | undefined): Promise<SignedIn<OperatorRefreshResponse>> {
    const claim = parseRefreshToken(raw);
    const session = claim && (await this.repo.session(claim.sessionId));
    if (!claim || !session?.refreshNonce || !refreshMacValid(this.refreshKey(), claim, session.refreshNonce)) {
      throw new AppException(ErrorCode.UNAUTHENTICATED);
    }
    const now = this.clock.now();
    const idleSince = session.refreshedAt ?? session.createdAt;
    const idleMs = this.config.auth.operatorSessionIdleSeconds * 1000;
    if (session.revokedAt || session.expiresAt <= now || idleSince.getTime() + idleMs <= now.getTime()) {
      throw new AppException(ErrorCode.UNAUTHENTICATED);
    }
    const operator = await this.repo.byId(session.operatorId);
    if (!operator || !operator.active || operator.tokenVersion !== session.tokenVersion) {
      throw new AppException(ErrorCode.UNAUTHENTICATED);
    }
    const body = (): OperatorRefreshResponse => ({
      token: this.accessToken(operator, session.id),
      expiresIn: this.config.auth.operatorTokenTtlSeconds,
      operator: toProfile(operator),
    });
    if (claim.generation < session.refreshGeneration) {
      const raced =
        claim.generation === session.refreshGeneration - 1 &&
        session.refreshedAt !== null &&
        now.getTime() - session.refreshedAt.getTime() < REFRESH_RACE_GRACE_MS;
      if (raced) return { body: body(), cookie: null };
      await this.endReusedSession(operator, session.id);
      throw new AppException(ErrorCode.UNAUTHENTICATED);
    }
    if (claim.generation > session.refreshGeneration) throw new AppException(ErrorCode.UNAUTHENTICATED);
    // Lost a race with another tab refreshing the same token this instant: the winner's cookie stands.
    if (!(await this.repo.rotateRefresh(session.id, claim.generation, now))) return { body: body(), cookie: null };
    const value = formatRefreshToken(this.refreshKey(), session.id, claim.generation + 1, session.refreshNonce);
    return { body: body(), cookie: { value, maxAgeMs: session.expiresAt.getTime() - now.getTime() } };
  }

  async me(id: number): Promise<OperatorProfile> {
    const operator = await this.repo.byId(id);
    if (!operator) throw new AppException(ErrorCode.UNAUTHENTICATED);
    return toProfile(operator);
  }

  /** Ends this session only; the operator's other browsers stay signed in. */
  async logout(op: OperatorPrincipal): Promise<void> {
    if (op.sessionId === undefined) return;
    const sessionId = op.sessionId;
    await this.tx.run(async (em) => {
      await this.repo.revokeSession(em, op.operatorId, sessionId, this.clock.now());
      await this.audit.record(
        operatorActor(op),
        { action: AuditAction.OperatorLoggedOut, targetType: 'operator', targetId: op.operatorId },
        em,
      );
    });
  }

  /** Ends every session of the operator, this one included (a lost laptop, a shared password). */
  async logoutEverywhere(op: OperatorPrincipal): Promise<void> {
    await this.tx.run(async (em) => {
      await this.repo.bumpTokenVersion(em, op.operatorId, this.clock.now());
      await this.audit.record(
        operatorActor(op),
        { action: AuditAction.OperatorLoggedOutEverywhere, targetType: 'operator', targetId: op.operatorId },
        em,
      );
    });
  }

  /**
   * Needs the current password (guesses are limited like logins). Ends every other session and answers a
   * fresh token for this browser; clears the flag an admin's reset set.
   */
  async changePassword(op: OperatorPrincipal, body: ChangePasswordRequest): Promise<SignedIn<ChangePasswordResponse>> {
    const operator = await this.repo.byId(op.operatorId);
    if (!operator) throw new AppException(ErrorCode.UNAUTHENTICATED);
    await this.limiter.checkPasswordGuess(operator.id);
    if (!(await compare(body.currentPassword, operator.passwordHash))) {
      throw new AppException(ErrorCode.CURRENT_PASSWORD_WRONG);
    }
    await this.limiter.forgivePasswordGuesses(operator.id);
    if (body.newPassword === body.currentPassword) throw new AppException(ErrorCode.PASSWORD_UNCHANGED);
    const passwordHash = await hash(body.newPassword, BCRYPT_ROUNDS);
    await this.tx.run(async (em) => {
      const now = this.clock.now();
      // Guarded by the version this request's token carries: a racing change or reset wins alone.
      const changed = await this.repo.setPassword(
        em,
        operator.id,
        { passwordHash, mustChangePassword: false, ifVersion: op.tokenVersion },
        now,
      );
      if (!changed) throw new AppException(ErrorCode.UNAUTHENTICATED);
      if (op.sessionId !== undefined) await this.repo.revokeSession(em, operator.id, op.sessionId, now);
      await this.audit.record(
        operatorActor(op),
        { action: AuditAction.OperatorPasswordChanged, targetType: 'operator', targetId: operator.id },
        em,
      );
    });
    const updated = await this.repo.byId(operator.id);
    if (!updated) throw new AppException(ErrorCode.UNAUTHENTICATED);
    const { token, expiresIn, cookie } = await this.signIn(updated);
    return { body: { token, expiresIn, operator: toProfile(updated) }, cookie };
  }

  /** A session row, an access token bound to it and to the account's token version, and its refresh cookie. */
  private async signIn(operator: Operator): Promise<{ token: string; expiresIn: number; cookie: RefreshCookie }> {
    const now = this.clock.now();
    const maxMs = this.config.auth.operatorSessionMaxSeconds * 1000;
    const refreshNonce = newRefreshNonce();
    const sessionId = await this.repo.openSession({
      operatorId: operator.id,
      tokenVersion: operator.tokenVersion,
      refreshNonce,
      createdAt: now,
      expiresAt: new Date(now.getTime() + maxMs),
    });
    return {
      token: this.accessToken(operator, sessionId),
      expiresIn: this.config.auth.operatorTokenTtlSeconds,
      cookie: { value: formatRefreshToken(this.refreshKey(), sessionId, 0, refreshNonce), maxAgeMs: maxMs },
    };
  }

  private accessToken(operator: Operator, sessionId: number): string {
    const { kind: _kind, ...principal } = toPrincipal(operator);
    return this.tokens.signOperator({ ...principal, sessionId, tokenVersion: operator.tokenVersion });
  }

  /** A refresh token used twice was copied: the session ends (its access tokens with it), audited. */
  private async endReusedSession(operator: Operator, sessionId: number): Promise<void> {
    await this.tx.run(async (em) => {
      await this.repo.revokeSession(em, operator.id, sessionId, this.clock.now());
      await this.audit.record(
        operatorActor(toPrincipal(operator)),
        {
          action: AuditAction.OperatorRefreshReused,
          targetType: 'operator',
          targetId: operator.id,
          after: { sessionId },
        },
        em,
      );
    });
  }

  private refreshKey(): Buffer {
    return refreshKey(this.config.auth.jwtSecret);
  }
}
