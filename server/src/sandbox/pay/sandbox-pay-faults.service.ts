import { Injectable } from '@nestjs/common';
import type { SignatureFault } from './sandbox-pay-crypto.service';
import { SandboxPayError } from './sandbox-pay.error';

/** Faults of the next API calls: fail them, or (TIMEOUT) do the work and answer only after delayMs. */
export const PAY_CALL_FAULTS = ['SYSTEM_ERROR', 'FREQUENCY_LIMITED', 'TIMEOUT'] as const;
export const PAY_SIGNATURE_FAULTS = ['BAD_SIGNATURE', 'SIGNTEST', 'STALE_TIMESTAMP', 'UNKNOWN_SERIAL'] as const;
export const PAY_FAULTS = [...PAY_CALL_FAULTS, ...PAY_SIGNATURE_FAULTS] as const;
export type PayFault = (typeof PAY_FAULTS)[number];
type CallFault = (typeof PAY_CALL_FAULTS)[number];
/** What a signature fault spoils: API answers, notifications, or whichever is signed next. */
export type PayFaultTarget = 'api' | 'notify' | 'any';
/** TIMEOUT holds the answer this long unless told otherwise: past the merchant's 5 s client timeout. */
export const DEFAULT_FAULT_DELAY_MS = 6000;

export interface PayFaultInput {
  count: number;
  on: PayFaultTarget;
  delayMs?: number;
}

interface Pending<K> {
  kind: K;
  remaining: number;
  on: PayFaultTarget;
  delayMs: number;
}

/**
 * Scheduled misbehaviour of the Pay simulator. Call faults hit the next N API calls (500 SYSTEM_ERROR,
 * 429 FREQUENCY_LIMITED, or TIMEOUT: done but answered late, as when WeChat's answer is lost); signature
 * faults spoil the next N signed messages. A new fault replaces the pending one of its family; count 0 clears.
 */
@Injectable()
export class SandboxPayFaultsService {
  private call: Pending<CallFault> | null = null;
  private signature: Pending<SignatureFault> | null = null;

  schedule(kind: PayFault, input: PayFaultInput) {
    const pending = input.count > 0 ? { kind, remaining: input.count, on: input.on, delayMs: 0 } : null;
    if ((PAY_CALL_FAULTS as readonly string[]).includes(kind)) {
      if (pending && kind === 'TIMEOUT') pending.delayMs = input.delayMs ?? DEFAULT_FAULT_DELAY_MS;
      this.call = pending as Pending<CallFault> | null;
    } else {
      this.signature = pending as Pending<SignatureFault> | null;
    }
    return this.pending();
  }

  pending() {
    return { call: this.call && { ...this.call }, signature: this.signature && { ...this.signature } };
  }

  /** Before each API call: throws when a failure is pending; returns how long to hold the answer (ms). */
  takeCallFault(): number {
    const fault = this.call;
    if (!fault) return 0;
    if (--fault.remaining <= 0) this.call = null;
    if (fault.kind === 'TIMEOUT') return fault.delayMs;
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
