import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { SandboxPayCrypto } from './sandbox-pay-crypto.service';
import { SandboxPayFaultsService } from './sandbox-pay-faults.service';

/** WeChat's retry schedule after an unacknowledged notification (seconds; 24 h 4 min in all). */
export const NOTIFY_RETRY_SECONDS = [
  15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600,
];
/** Default time scale of the schedule: a day of retries in ~24 minutes. */
export const DEFAULT_RETRY_SCALE = 1 / 60;
/** WeChat waits this long for the merchant's answer. */
export const NOTIFY_TIMEOUT_MS = 5000;

export interface NotifyAttempt {
  /** When it was sent (sandbox clock, ISO 8601). */
  at: string;
  /** The merchant's HTTP status; PENDING while in flight; TIMEOUT after 5 s; ERROR when it could not be reached. */
  status: number | 'PENDING' | 'TIMEOUT' | 'ERROR';
  /** An extra copy (the `duplicates` option), not part of the retry chain. */
  duplicate?: true;
}

export interface NotifyDelivery {
  eventId: string;
  eventType: string;
  url: string;
  attempts: NotifyAttempt[];
  /** A 2xx answer was received: retries stop. */
  acked: boolean;
  /** The schedule ran out without an ack. */
  abandoned: boolean;
}

export interface DeliveryOptions {
  /** Extra copies sent alongside the first attempt (real WeChat does send duplicates). */
  duplicates?: number;
  /** Real milliseconds before the first attempt. */
  delayMs?: number;
  /** Multiplies the retry schedule. */
  retryScale?: number;
}

/**
 * Delivers signed, encrypted notifications in the background: 5 s per attempt, retried on WeChat's
 * (time-scaled) schedule until acknowledged. The body stays the same across attempts; headers are signed anew.
 */
@Injectable()
export class SandboxPayNotifier implements OnModuleDestroy {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly stop = new AbortController();

  constructor(
    private readonly crypto: SandboxPayCrypto,
    private readonly faults: SandboxPayFaultsService,
    private readonly clock: Clock,
  ) {}

  deliver(url: string, envelope: { id: string; event_type: string }, options: DeliveryOptions = {}): NotifyDelivery {
    const delivery: NotifyDelivery = {
      eventId: envelope.id,
      eventType: envelope.event_type,
      url,
      attempts: [],
      acked: false,
      abandoned: false,
    };
    const body = Buffer.from(JSON.stringify(envelope), 'utf8');
    const scale = options.retryScale ?? DEFAULT_RETRY_SCALE;
    const attempt = async (index: number) => {
      const copies = index === 0 ? (options.duplicates ?? 0) : 0;
      const sends = [this.post(url, body, delivery, false)];
      for (let i = 0; i < copies; i++) sends.push(this.post(url, body, delivery, true));
      await Promise.all(sends);
      if (delivery.acked || this.stop.signal.aborted) return;
      if (index >= NOTIFY_RETRY_SECONDS.length) {
        delivery.abandoned = true;
        return;
      }
      this.later(NOTIFY_RETRY_SECONDS[index] * 1000 * scale, () => attempt(index + 1));
    };
    this.later(options.delayMs ?? 0, () => attempt(0));
    return delivery;
  }

  onModuleDestroy(): void {
    this.stop.abort();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private later(ms: number, run: () => Promise<void>): void {
    if (this.stop.signal.aborted) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void run();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  private async post(url: string, body: Buffer, delivery: NotifyDelivery, duplicate: boolean): Promise<void> {
    const record: NotifyAttempt = { at: this.clock.now().toISOString(), status: 'PENDING' };
    if (duplicate) record.duplicate = true;
    delivery.attempts.push(record);
    const headers = {
      ...this.crypto.signedHeaders(body, this.faults.takeSignatureFault('notify')),
      'Wechatpay-Signature-Type': 'WECHATPAY2-SHA256-RSA2048',
      'Content-Type': 'application/json',
      'User-Agent': 'Mozilla/4.0',
    };
    // One controller per attempt, aborted by the 5 s limit or by shutdown.
    const abort = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      abort.abort();
    }, NOTIFY_TIMEOUT_MS);
    const onStop = () => abort.abort();
    this.stop.signal.addEventListener('abort', onStop);
    try {
      const response = await fetch(url, { method: 'POST', headers, body: new Uint8Array(body), signal: abort.signal });
      await response.arrayBuffer().catch(() => undefined);
      record.status = timedOut ? 'TIMEOUT' : response.status;
      if (!timedOut && response.status >= 200 && response.status < 300) delivery.acked = true;
    } catch {
      record.status = timedOut ? 'TIMEOUT' : 'ERROR';
    } finally {
      clearTimeout(timer);
      this.stop.signal.removeEventListener('abort', onStop);
    }
  }
}
