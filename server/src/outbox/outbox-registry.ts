import { Injectable } from '@nestjs/common';
import type { OutboxHandler } from './outbox.types';

/** Handlers per kind; feature modules register theirs on init. Rows of other kinds wait as pending. */
@Injectable()
export class OutboxRegistry {
  private readonly handlers = new Map<string, OutboxHandler>();

  register<P, R = unknown>(handler: OutboxHandler<P, R>): void {
    if (this.handlers.has(handler.kind)) throw new Error(`Outbox kind "${handler.kind}" is already registered`);
    this.handlers.set(handler.kind, handler as OutboxHandler);
  }

  get(kind: string): OutboxHandler | undefined {
    return this.handlers.get(kind);
  }

  kinds(): string[] {
    return [...this.handlers.keys()].sort();
  }
}
