import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** Runs inside the transaction that creates the member; a failure rolls the member back too. */
export type MemberCreatedHandler = (em: EntityManager, memberId: number) => Promise<void>;

/** Throws an AppException when the member may not use member features now (e.g. no privacy consent). */
export type MemberUseCheck = (memberId: number) => Promise<void>;

/**
 * Lets feature modules react to a new member (sign-up bonus, welcome notice) without the members module
 * depending on them. Handlers only record work in the member-creation transaction (an outbox row); the
 * effect itself is delivered afterwards by the outbox, retried until it succeeds.
 */
@Injectable()
export class MemberLifecycle {
  private readonly onCreatedHandlers: MemberCreatedHandler[] = [];
  private readonly useChecks: MemberUseCheck[] = [];

  onCreated(handler: MemberCreatedHandler): void {
    this.onCreatedHandlers.push(handler);
  }

  async created(em: EntityManager, memberId: number): Promise<void> {
    for (const handler of this.onCreatedHandlers) await handler(em, memberId);
  }

  /** Registers a check the member card and personal-data routes pass first (the privacy module's consent). */
  onUseCheck(check: MemberUseCheck): void {
    this.useChecks.push(check);
  }

  async assertMayUse(memberId: number): Promise<void> {
    for (const check of this.useChecks) await check(memberId);
  }
}
