import type { MemberCard } from '@member/shared';

/** Fetch the next code this long before expiry so the shown code never dies at the counter. */
export const DEFAULT_REFRESH_LEAD_MS = 5_000;

export interface CardTiming {
  /** serverTime − clientTime, measured when the card arrived. */
  offsetMs: number;
  /** Expiry expressed on the phone's own clock. */
  expiresAtClient: number;
  /** When to fetch a new code, on the phone's own clock. */
  refreshAtClient: number;
}

/**
 * Phone clocks are often minutes off, so expiry is measured against the server's issuedAt:
 * the code lives (expiresAt − issuedAt) from the moment we received it.
 */
export function cardTiming(
  card: Pick<MemberCard, 'issuedAt' | 'expiresAt'>,
  receivedAtClient: number,
  leadMs = DEFAULT_REFRESH_LEAD_MS,
): CardTiming {
  const issuedAt = Date.parse(card.issuedAt);
  const expiresAt = Date.parse(card.expiresAt);
  const offsetMs = issuedAt - receivedAtClient;
  const expiresAtClient = expiresAt - offsetMs;
  const lifetime = Math.max(0, expiresAt - issuedAt);
  // Short-lived codes must still be shown for most of their life before being replaced.
  const lead = Math.min(leadMs, Math.floor(lifetime / 3));
  return { offsetMs, expiresAtClient, refreshAtClient: expiresAtClient - lead };
}

/** Whole seconds left, rounded up, never negative. */
export function secondsLeft(timing: CardTiming, nowClient: number): number {
  return Math.max(0, Math.ceil((timing.expiresAtClient - nowClient) / 1000));
}

export function shouldRefresh(timing: CardTiming, nowClient: number): boolean {
  return nowClient >= timing.refreshAtClient;
}
