import { Injectable, Logger } from '@nestjs/common';

export type MemberCreatedHandler = (memberId: number) => Promise<void>;

/**
 * Lets feature modules react to a new member (sign-up bonus, welcome notice) without the members module
 * depending on them. Handlers must be idempotent per member: a failed handler is logged, not retried here.
 */
@Injectable()
export class MemberLifecycle {
  private readonly logger = new Logger('MemberLifecycle');
  private readonly onCreatedHandlers: MemberCreatedHandler[] = [];

  onCreated(handler: MemberCreatedHandler): void {
    this.onCreatedHandlers.push(handler);
  }

  async created(memberId: number): Promise<void> {
    for (const handler of this.onCreatedHandlers) {
      try {
        await handler(memberId);
      } catch (error) {
        this.logger.error(
          `member ${memberId} created-handler failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  }
}
