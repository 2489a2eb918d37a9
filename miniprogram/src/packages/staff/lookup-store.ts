import type { MemberSummary } from '@member/shared';

// Hands the lookup result from the scan page to the result page without putting member
// data in the URL (URLs end up in logs and share links).
let lastLookup: MemberSummary | null = null;

export function setLastLookup(summary: MemberSummary | null): void {
  lastLookup = summary;
}

export function getLastLookup(): MemberSummary | null {
  return lastLookup;
}
