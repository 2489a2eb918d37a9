import { Injectable } from '@nestjs/common';
import type { SignatureFault } from './sandbox-pay-crypto.service';
import { SandboxPayError } from './sandbox-pay.error';

export const PAY_ERROR_FAULTS = ['SYSTEM_ERROR', 'FREQUENCY_LIMITED'] as const;
export const PAY_SIGNATURE_FAULTS = ['BAD_SIGNATURE', 'SIGNTEST', 'STALE_TIMESTAMP', 'UNKNOWN_SERIAL'] as const;
export const PAY_FAULTS = [...PAY_ERROR_FAULTS, ...PAY_SIGNATURE_FAULTS] as const;
export type PayFault = (typeof PAY_FAULTS)[number];
/** What a signature fault spoils: API answers, notifications, or whichever is signed next. */
export type PayFaultTarget = 'api' | 'notify' | 'any';

interface Pending<K> {
  kind: K;
  remaining: number;
  on: PayFaultTarget;
}

/**
 * Scheduled misbehaviour of the Pay simulator. Error faults fail the next N API calls (500 SYSTEM_ERROR,
 * 429 FREQUENCY_LIMITED); signature faults spoil the next N signed messages. A new fault of a kind's
 * family replaces the pending one; count 0 clears it.
 */
@Injectable()
export class SandboxPayFaultsService {
  private error: Pending<(typeof PAY_ERROR_FAULTS)[number]> | null = null;
  private signature: Pending<SignatureFault> | null = null;

  schedule(kind: PayFault, count: number, on: PayFaultTarget) {
    const pending = count > 0 ? { kind, remaining: count, on } : null;
    if ((PAY_ERROR_FAULTS as readonly string[]).includes(kind)) {
      this.error = pending as Pending<(typeof PAY_ERROR_FAULTS)[number]> | null;
    } else {
      this.signature = pending as Pending<SignatureFault> | null;
    }
    return this.pending();
  }

  pending() {
    return { error: this.error && { ...this.error }, signature: this.signature && { ...this.signature } };
  }

  /** Before each API call: fails it when an error fault is pending. */
  failIfScheduled(): void {
    const fault = this.error;
    if (!fault) return;
    if (--fault.remaining <= 0) this.error = null;
    throw new SandboxPayError(fault.kind);
  }

  /** The spoiling for the next signed message of this kind, if one is pending. */
  takeSignatureFault(target: 'api' | 'notify'): SignatureFault | null {
    const fault = this.signature;
    if (!fault || (fault.on !== 'any' && fault.on !== target)) return null;
    if (--fault.remaining <= 0) this.signature = null;
    return fault.kind;
  }
}
