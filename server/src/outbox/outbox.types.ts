import type { EntityManager } from 'typeorm';

/** What a handler is given for one delivery attempt. */
export interface OutboxContext<P = unknown> {
  id: number;
  kind: string;
  /** The row's key: the business key, and for partners their idempotency key (e.g. out_trade_no). */
  key: string | null;
  payload: P;
  /** 1 for the first delivery. */
  attempt: number;
}

/**
 * An effect inside our own database. It runs in the transaction that also marks the row done (guarded
 * by the claim's version), so across nodes and crashes it takes effect once.
 */
export interface InternalOutboxHandler<P = unknown, R = unknown> {
  kind: string;
  external?: undefined;
  /** Reads to do before the transaction (cached settings): on SQLite a read outside it would wait for it. */
  prepare?(ctx: OutboxContext<P>): Promise<R>;
  handle(em: EntityManager, ctx: OutboxContext<P>, prepared: R): Promise<void>;
}

/**
 * A call to a partner (WeChat, payment). With `idempotencyKey: true` the partner dedupes by the row's
 * key and the call is simply retried. Without one the row is committed as `sending` before the call;
 * if its worker vanishes mid-call it becomes `unknown` and is never repeated. A handler that knows the
 * partner received nothing throws OutboxNotDelivered, which makes the row retryable again.
 */
export interface ExternalOutboxHandler<P = unknown> {
  kind: string;
  external: { idempotencyKey: boolean };
  handle(ctx: OutboxContext<P>): Promise<void>;
}

export type OutboxHandler<P = unknown, R = unknown> = InternalOutboxHandler<P, R> | ExternalOutboxHandler<P>;

export interface EnqueueInput {
  kind: string;
  /** Unique per kind: enqueueing the same (kind, key) again is a no-op. */
  key?: string | null;
  /** Ids and amounts only: no names, phone numbers or openids (the console shows errors, logs name rows). */
  payload: unknown;
  availableAt?: Date;
}

/** Thrown by an external handler when the partner certainly did not receive the call (safe to retry). */
export class OutboxNotDelivered extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutboxNotDelivered';
  }
}

/** Thrown by a handler when retrying cannot help (the partner refused for good): dead-lettered at once. */
export class OutboxGiveUp extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutboxGiveUp';
  }
}

/** The claim was taken over (lease lapsed and another worker claimed the row): roll back, do nothing. */
export class OutboxLeaseLost extends Error {
  constructor(id: number) {
    super(`outbox #${id}: lease lost`);
    this.name = 'OutboxLeaseLost';
  }
}

export interface DrainResult {
  done: number;
  failed: number;
  dead: number;
  unknown: number;
  lost: number;
}
