import { Injectable } from '@nestjs/common';
import {
  AuditAction,
  ErrorCode,
  type ChangePasswordRequest,
  type ChangePasswordResponse,
  type OperatorLoginRequest,
  type OperatorLoginResponse,
  type OperatorProfile,
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
import { normalizeUsername } from './username';

// Compared against when the username is unknown, so timing does not reveal which usernames exist.
const DUMMY_HASH = '$2b$10$iNARJ98EW5/QDkDvvouU6OXgBKrZmXNXp6KtsqVThPS2KtBCRrB0i';

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

  async login(body: OperatorLoginRequest, ip: string): Promise<OperatorLoginResponse> {
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
    return {
      token: await this.signIn(operator),
      operator: toProfile(operator),
      deviceToken: this.limiter.deviceToken(username, attempt),
    };
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
  async changePassword(op: OperatorPrincipal, body: ChangePasswordRequest): Promise<ChangePasswordResponse> {
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
    return { token: await this.signIn(updated), operator: toProfile(updated) };
  }

  /** A session row and a token bound to it and to the account's current token version. */
  private async signIn(operator: Operator): Promise<string> {
    const now = this.clock.now();
    const ttl = this.config.auth.operatorTokenTtlSeconds;
    const sessionId = await this.repo.openSession(operator.id, now, new Date(now.getTime() + ttl * 1000));
    const { kind: _kind, ...principal } = toPrincipal(operator);
    return this.tokens.signOperator({ ...principal, sessionId, tokenVersion: operator.tokenVersion });
  }
}
