import type { MallOrderView } from '@member/shared';

// The cash part of points + cash orders on the member's side: how long is left to pay, and when the result
// page keeps asking the server (WeChat's popup closing with ok proves nothing: only the notification does).

/** Seconds left to pay (0 once the hold ended); null when the order is not waiting for payment. */
export function paySecondsLeft(order: Pick<MallOrderView, 'status' | 'payUntil'>, nowMs: number): number | null {
  if (order.status !== 'PENDING_PAYMENT' || !order.payUntil) return null;
  return Math.max(0, Math.floor((Date.parse(order.payUntil) - nowMs) / 1000));
}

/** 剩余 14:05 (mm:ss, hours folded into minutes), or 支付已超时 at 0. */
export function payCountdownText(seconds: number): string {
  if (seconds <= 0) return '支付已超时';
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `剩余 ${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

/** 去支付 is offered while more than a minute is left (WeChat refuses a prepay in the last minute). */
export const canPayNow = (seconds: number | null): boolean => seconds !== null && seconds > 60;

/** After a payment: ask every second for this long, then leave the page to 刷新 and the server's sync job. */
export const PAY_POLL_MS = 1_000;
export const PAY_POLL_TIMES = 20;

/** Whether the result page keeps polling: the order still waits and the member just paid. */
export const keepPolling = (order: Pick<MallOrderView, 'status'>, polls: number): boolean =>
  order.status === 'PENDING_PAYMENT' && polls < PAY_POLL_TIMES;
