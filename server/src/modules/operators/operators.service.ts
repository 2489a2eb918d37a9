import { randomBytes, randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  AuditAction,
  ActorType,
  ErrorCode,
  OperatorRole,
  type CreateOperatorRequest,
  type OperatorListItem,
  type OperatorProfile,
  type ResetOperatorPasswordResponse,
} from '@member/shared';
import { hash } from 'bcryptjs';
import { AppException } from '../../common/app-exception';
import { Clock } from '../../common/clock';
import { AppConfig } from '../../config/app-config';
import { isUniqueViolation, TransactionRunner } from '../../database/transaction-runner';
import { AuditService, operatorActor } from '../audit/audit.service';
import type { OperatorPrincipal } from '../auth/token.service';
import type { Operator } from './entities/operator.entity';
import { LoginLimiter } from './login-limiter';
import { BCRYPT_ROUNDS, toListItem, toProfile } from './operator-views';
import { OperatorsRepository } from './operators.repository';
import { normalizeUsername, USERNAME_PATTERN } from './username';

// Temporary passwords are read off the admin's screen: no 0/O/1/l/I.
const TEMP_ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const TEMP_LENGTH = 14;

/** Admins managing operator accounts: create, list, disable and enable, reset passwords, lift login locks. */
@Injectable()
export class OperatorsService {
  constructor(
    private readonly repo: OperatorsRepository,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly limiter: LoginLimiter,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<OperatorListItem[]> {
    const rows = await this.repo.list();
    const locks = await this.limiter.lockedUntil(rows.map((o) => o.usernameNormalized));
    return rows.map((o) => toListItem(o, locks.get(o.usernameNormalized) ?? null));
  }

  async create(body: CreateOperatorRequest, actor: OperatorPrincipal | null): Promise<OperatorProfile> {
    if (body.role === OperatorRole.StoreManager && !body.storeId) {
      throw new AppException(ErrorCode.VALIDATION_FAILED, '门店经理必须指定门店', [
        { field: 'storeId', message: '门店经理必须指定门店' },
      ]);
    }
    // One name per person, in the form logins are compared in.
    const username = normalizeUsername(body.username);
    if (!USERNAME_PATTERN.test(username)) {
      throw new AppException(ErrorCode.VALIDATION_FAILED, '用户名须为 3-64 位字母、数字、_ . -', [
        { field: 'username', message: '用户名须为 3-64 位字母、数字、_ . -' },
      ]);
    }
    const now = this.clock.now();
    let row: Operator;
    try {
      row = await this.repo.insert({
        username,
        usernameNormalized: username,
        passwordHash: await hash(body.password, BCRYPT_ROUNDS),
        displayName: body.displayName,
        role: body.role,
        storeId: body.role === OperatorRole.StoreManager ? (body.storeId ?? null) : null,
        active: true,
        tokenVersion: 0,
        mustChangePassword: false,
        lastLoginAt: null,
        createdBy: actor?.operatorId ?? null,
        createdAt: now,
        updatedAt: now,
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppException(ErrorCode.OPERATOR_USERNAME_TAKEN);
      throw error;
    }
    const who = actor
      ? operatorActor(actor)
      : { type: ActorType.System, id: null, name: 'bootstrap', role: null, storeId: null };
    await this.audit.record(who, {
      action: AuditAction.OperatorCreated,
      targetType: 'operator',
      targetId: row.id,
      after: { username: row.username, role: row.role, storeId: row.storeId },
    });
    return toProfile(row);
  }

  /** Disabling ends every session of the account at once; enabling lets it sign in again. */
  async setActive(id: number, active: boolean, actor: OperatorPrincipal): Promise<OperatorListItem> {
    if (id === actor.operatorId) throw new AppException(ErrorCode.OPERATOR_SELF_ACTION);
    await this.tx.run(async (em) => {
      const now = this.clock.now();
      if (!(await this.repo.lockActive(em, actor.operatorId, now))) throw new AppException(ErrorCode.UNAUTHENTICATED);
      const target = await this.repo.byId(id, em);
      if (!target) throw new AppException(ErrorCode.OPERATOR_NOT_FOUND);
      // Already in that state: nothing to change or audit (a double click, two admins at once).
      if (!(await this.repo.setActive(em, id, active, now))) return;
      await this.audit.record(
        operatorActor(actor),
        {
          action: active ? AuditAction.OperatorEnabled : AuditAction.OperatorDisabled,
          targetType: 'operator',
          targetId: id,
          before: { active: !active },
          after: { active },
        },
        em,
      );
    });
    return this.listItem(id);
  }

  /**
   * A temporary password, shown to the admin once and never stored or logged in clear: every session of
   * the account ends and its next sign-in must set a new password.
   */
  async resetPassword(id: number, actor: OperatorPrincipal): Promise<ResetOperatorPasswordResponse> {
    if (id === actor.operatorId) throw new AppException(ErrorCode.OPERATOR_SELF_ACTION);
    const temporaryPassword = Array.from(
      { length: TEMP_LENGTH },
      () => TEMP_ALPHABET[randomInt(TEMP_ALPHABET.length)],
    ).join('');
    const passwordHash = await hash(temporaryPassword, BCRYPT_ROUNDS);
    const target = await this.tx.run(async (em) => {
      const now = this.clock.now();
      if (!(await this.repo.lockActive(em, actor.operatorId, now))) throw new AppException(ErrorCode.UNAUTHENTICATED);
      const row = await this.repo.byId(id, em);
      if (!row) throw new AppException(ErrorCode.OPERATOR_NOT_FOUND);
      await this.repo.setPassword(em, id, { passwordHash, mustChangePassword: true }, now);
      await this.audit.record(
        operatorActor(actor),
        { action: AuditAction.OperatorPasswordReset, targetType: 'operator', targetId: id },
        em,
      );
      return row;
    });
    // The owner signs in with the new password from any device at once.
    await this.limiter.unlock(target.usernameNormalized);
    return { temporaryPassword };
  }

  /** Lifts the lock failed logins put on the name, so the owner may try from a new device at once. */
  async unlock(id: number, actor: OperatorPrincipal): Promise<void> {
    const target = await this.repo.byId(id);
    if (!target) throw new AppException(ErrorCode.OPERATOR_NOT_FOUND);
    await this.limiter.unlock(target.usernameNormalized);
    await this.audit.record(operatorActor(actor), {
      action: AuditAction.OperatorUnlocked,
      targetType: 'operator',
      targetId: id,
    });
  }

  /**
   * Creates the first admin when there is none: from OPERATOR_BOOTSTRAP_* when set, else with a
   * generated password that main.ts prints once.
   */
  async bootstrap(): Promise<{ username: string; password: string | null } | null> {
    if ((await this.repo.count()) > 0) return null;
    const username = this.config.operator.bootstrapUsername || 'admin';
    const given = this.config.operator.bootstrapPassword;
    const password = given || randomBytes(9).toString('base64url');
    try {
      await this.create({ username, password, displayName: '管理员', role: OperatorRole.Admin }, null);
    } catch (error) {
      // Another node bootstrapped at the same moment.
      if (error instanceof AppException && error.code === ErrorCode.OPERATOR_USERNAME_TAKEN) return null;
      throw error;
    }
    return { username, password: given ? null : password };
  }

  private async listItem(id: number): Promise<OperatorListItem> {
    const row = await this.repo.byId(id);
    if (!row) throw new AppException(ErrorCode.OPERATOR_NOT_FOUND);
    const locks = await this.limiter.lockedUntil([row.usernameNormalized]);
    return toListItem(row, locks.get(row.usernameNormalized) ?? null);
  }
}
