import type { MemberSummary } from '@member/shared';

// Hands the lookup result from the scan page to the result page without putting member
// data in the URL (URLs end up in logs and share links).
// The scanned code rides along: the purchase page quotes and books against it.
let lastLookup: MemberSummary | null = null;
let lastCode: string | null = null;

export function setLastLookup(summary: MemberSummary | null, code: string | null = null): void {
  lastLookup = summary;
  lastCode = summary ? code : null;
}

export function getLastCode(): string | null {
  return lastCode;
}

export function getLastLookup(): MemberSummary | null {
  return lastLookup;
}
