import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type EntitySubscriberInterface, type QueryRunner } from 'typeorm';
import { Clock } from '../common/clock';
import { OutboxRepository } from './outbox.repository';
import type { EnqueueInput } from './outbox.types';

type Listener = () => void;

/**
 * Business code's side of the outbox: write a row in the caller's transaction. Once that transaction
 * commits on this node, local workers are woken at once (other nodes find the row on their next poll).
 */
@Injectable()
export class OutboxService {
  // Transactions that enqueued something and have not ended yet.
  private readonly enqueuedIn = new WeakSet<QueryRunner>();
  private readonly listeners = new Set<Listener>();

  constructor(
    ds: DataSource,
    private readonly repo: OutboxRepository,
    private readonly clock: Clock,
  ) {
    const subscriber: EntitySubscriberInterface = {
      afterTransactionCommit: ({ queryRunner }) => {
        // A nested savepoint "commit" is not the end: wait for the outer transaction.
        if (queryRunner.isTransactionActive || !this.enqueuedIn.has(queryRunner)) return;
        this.enqueuedIn.delete(queryRunner);
        for (const listener of this.listeners) listener();
      },
      afterTransactionRollback: ({ queryRunner }) => {
        if (!queryRunner.isTransactionActive) this.enqueuedIn.delete(queryRunner);
      },
    };
    ds.subscribers.push(subscriber);
  }

  /** Adds work to the caller's transaction; a second enqueue of the same (kind, key) is a no-op (false). */
  async enqueue(em: EntityManager, input: EnqueueInput): Promise<boolean> {
    const qr = em.queryRunner;
    if (!qr?.isTransactionActive) throw new Error('outbox.enqueue needs the caller’s transaction');
    if (!/^[a-z0-9][a-z0-9.-]{0,63}$/.test(input.kind)) throw new Error(`bad outbox kind "${input.kind}"`);
    const key = input.key ?? null;
    if (key !== null && (key.length < 1 || key.length > 128)) throw new Error('outbox key must be 1-128 characters');
    const now = this.clock.now();
    const inserted = await this.repo.insertOnce(em, {
      kind: input.kind,
      key,
      payloadJson: JSON.stringify(input.payload ?? null),
      status: 'pending',
      attempts: 0,
      version: 0,
      availableAt: input.availableAt ?? now,
      claimedBy: null,
      leaseUntil: null,
      lastError: null,
      createdAt: now,
      updatedAt: now,
      finishedAt: null,
    });
    if (inserted) this.wakeAfterCommit(em);
    return inserted;
  }

  /** Wakes local workers once the caller's transaction commits (e.g. after a retry-now). */
  wakeAfterCommit(em: EntityManager): void {
    if (em.queryRunner?.isTransactionActive) this.enqueuedIn.add(em.queryRunner);
  }

  /** Called after every local commit that added due work; returns the unsubscribe function. */
  onEnqueued(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
