import { Injectable } from '@nestjs/common';
import { ErrorCode, isIdempotencyKey } from '@member/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { insertStatement } from '../../database/raw-sql';
import { commitWithNext } from '../../database/statement-pipeline';
import { TransactionRunner } from '../../database/transaction-runner';
import { AppException } from '../app-exception';
import { Clock } from '../clock';
import { fingerprint } from './fingerprint';
import { IdempotencyRecord } from './idempotency-record.entity';

/** Who owns a key: the store for staff calls, the member for /me calls, the operator for console calls. */
export const idempotencyScope = {
  store: (storeId: number) => `store:${storeId}`,
  member: (memberId: number) => `member:${memberId}`,
  operator: (operatorId: number) => `operator:${operatorId}`,
};

export interface IdempotentRequest {
  scope: string;
  /** purchase, refund, points-adjustment …: one number may name a receipt and a refund without meeting. */
  operation: string;
  key: string;
  /** The validated request minus one-time parts (e.g. the member code); its fingerprint is what is compared. */
  request: unknown;
  /** Errors the work may throw that are answered as they are, never by a stored answer (e.g. 403s). */
  final?: readonly ErrorCode[];
}

export interface IdempotentAnswer<T> {
  body: T;
  /** true when this is the stored answer of an earlier identical request. */
  replayed: boolean;
}

// How long a duplicate waits for the first request with its key to commit or roll back.
const IN_FLIGHT_WAIT_SECONDS = 5;

/**
 * The one idempotency mechanism for money, stock and seat endpoints. The work and the record of its
 * answer commit in one transaction, so only committed outcomes are stored and a rejected request may be
 * retried. The record is written last: a first attempt pays one INSERT and no lookup. A duplicate either
 * collides on the unique key (waiting at most 5 s on MySQL while the first is in flight, then 409
 * IN_PROGRESS), or fails earlier on what the first already did (its code consumed, its receipt taken);
 * either way its transaction rolls back and it answers from the record: the stored body for the same
 * fingerprint, 409 IDEMPOTENCY_KEY_REUSED for another.
 */
@Injectable()
export class IdempotencyService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  async run<T>(req: IdempotentRequest, work: (em: EntityManager) => Promise<T>, statusCode = 200) {
    if (!isIdempotencyKey(req.key)) throw new AppException(ErrorCode.VALIDATION_FAILED);
    const print = fingerprint(req.request);
    try {
      const body = await this.tx.run(async (em) => {
        const answer = await work(em);
        await this.remember(em, req, print, statusCode, answer);
        return answer;
      });
      return { body, replayed: false } satisfies IdempotentAnswer<T>;
    } catch (error) {
      if (error instanceof AppException && (error.code === ErrorCode.IN_PROGRESS || req.final?.includes(error.code)))
        throw error;
      const first = await this.ds
        .getRepository(IdempotencyRecord)
        .findOneBy({ scope: req.scope, operation: req.operation, key: req.key });
      if (!first) throw error;
      if (first.fingerprint !== print) throw new AppException(ErrorCode.IDEMPOTENCY_KEY_REUSED);
      return { body: JSON.parse(first.responseJson) as T, replayed: true } satisfies IdempotentAnswer<T>;
    }
  }

  /** The committed answer stored under a key, or null (e.g. a sale's result for the member's card). */
  async stored<T>(scope: string, operation: string, key: string): Promise<T | null> {
    const row = await this.ds.getRepository(IdempotencyRecord).findOneBy({ scope, operation, key });
    return row ? (JSON.parse(row.responseJson) as T) : null;
  }

  private async remember(em: EntityManager, req: IdempotentRequest, print: string, status: number, body: unknown) {
    const { sql, params } = insertStatement(em, IdempotencyRecord, [
      {
        scope: req.scope,
        operation: req.operation,
        key: req.key,
        fingerprint: print,
        statusCode: status,
        responseJson: JSON.stringify(body),
        createdAt: this.clock.now(),
      },
    ]);
    // Bound the wait on a duplicate key held by an uncommitted first attempt (per statement, not session).
    const type = em.connection.options.type;
    const [prefix, hint] =
      type === 'mariadb'
        ? [`SET STATEMENT innodb_lock_wait_timeout=${IN_FLIGHT_WAIT_SECONDS} FOR `, '']
        : type === 'mysql'
          ? ['', `/*+ SET_VAR(innodb_lock_wait_timeout=${IN_FLIGHT_WAIT_SECONDS}) */ `]
          : ['', ''];
    // The record is the transaction's last write: it carries the COMMIT on MySQL (statement-pipeline.ts).
    commitWithNext(em);
    try {
      await em.query(prefix + sql.replace(/^INSERT /, `INSERT ${hint}`), params);
    } catch (error) {
      if (isLockWaitTimeout(error)) throw new AppException(ErrorCode.IN_PROGRESS);
      throw error;
    }
  }
}

function isLockWaitTimeout(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } };
  return (e.driverError?.code ?? e.code) === 'ER_LOCK_WAIT_TIMEOUT';
}
