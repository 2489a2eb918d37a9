import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  AuditAction,
  ActorType,
  ErrorCode,
  OperatorRole,
  type CreateOperatorRequest,
  type OperatorLoginResponse,
  type OperatorProfile,
} from '@member/shared';
import { compare, hash } from 'bcryptjs';
import { DataSource } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { Clock } from '../../common/clock';
import { AppConfig } from '../../config/app-config';
import { isUniqueViolation } from '../../database/transaction-runner';
import { AuditService, operatorActor } from '../audit/audit.service';
import { TokenService, type OperatorPrincipal } from '../auth/token.service';
import { Operator } from './entities/operator.entity';
import { LoginLimiter } from './login-limiter';

const BCRYPT_ROUNDS = 10;
// Compared against when the username is unknown, so timing does not reveal which usernames exist.
const DUMMY_HASH = '$2b$10$iNARJ98EW5/QDkDvvouU6OXgBKrZmXNXp6KtsqVThPS2KtBCRrB0i';

@Injectable()
export class OperatorsService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly tokens: TokenService,
    private readonly limiter: LoginLimiter,
    private readonly audit: AuditService,
  ) {}

  async login(username: string, password: string, ip: string): Promise<OperatorLoginResponse> {
    const keys = [`u:${username.toLowerCase()}`, `ip:${ip}`];
    if (this.limiter.isBlocked(keys))
      throw new AppException(ErrorCode.RATE_LIMITED, '登录失败次数过多，请 15 分钟后再试');
    const operator = await this.ds.getRepository(Operator).findOneBy({ username });
    const ok = await compare(password, operator?.passwordHash ?? DUMMY_HASH);
    if (!operator || !ok || !operator.active) {
      this.limiter.fail(keys);
      throw new AppException(ErrorCode.LOGIN_FAILED);
    }
    this.limiter.succeed(keys);
    const now = this.clock.now();
    await this.ds.getRepository(Operator).update({ id: operator.id }, { lastLoginAt: now });
    const principal = this.toPrincipal(operator);
    await this.audit.record(operatorActor(principal), {
      action: AuditAction.OperatorLogin,
      targetType: 'operator',
      targetId: operator.id,
      after: { ip },
    });
    return { token: this.tokens.signOperator(principal), operator: this.toProfile(operator) };
  }

  async me(id: number): Promise<OperatorProfile> {
    return this.toProfile(await this.ds.getRepository(Operator).findOneByOrFail({ id }));
  }

  async list(): Promise<OperatorProfile[]> {
    return (await this.ds.getRepository(Operator).find({ order: { id: 'ASC' } })).map((o) => this.toProfile(o));
  }

  async create(body: CreateOperatorRequest, actor: OperatorPrincipal | null): Promise<OperatorProfile> {
    if (body.role === OperatorRole.StoreManager && !body.storeId) {
      throw new AppException(ErrorCode.VALIDATION_FAILED, '门店经理必须指定门店', [
        { field: 'storeId', message: 'storeId is required for store_manager' },
      ]);
    }
    const now = this.clock.now();
    const row = this.ds.getRepository(Operator).create({
      username: body.username,
      passwordHash: await hash(body.password, BCRYPT_ROUNDS),
      displayName: body.displayName,
      role: body.role,
      storeId: body.role === OperatorRole.StoreManager ? (body.storeId ?? null) : null,
      active: true,
      lastLoginAt: null,
      createdBy: actor?.operatorId ?? null,
      createdAt: now,
      updatedAt: now,
    });
    try {
      await this.ds.getRepository(Operator).insert(row);
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
    return this.toProfile(row);
  }

  /**
   * Creates the first admin when there is none: from OPERATOR_BOOTSTRAP_* when set, else with a
   * generated password that main.ts prints once.
   */
  async bootstrap(): Promise<{ username: string; password: string | null } | null> {
    if ((await this.ds.getRepository(Operator).count()) > 0) return null;
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

  private toPrincipal(o: Operator): OperatorPrincipal {
    return { kind: 'operator', operatorId: o.id, username: o.username, role: o.role, storeId: o.storeId };
  }

  private toProfile(o: Operator): OperatorProfile {
    return { id: o.id, username: o.username, displayName: o.displayName, role: o.role, storeId: o.storeId };
  }
}
