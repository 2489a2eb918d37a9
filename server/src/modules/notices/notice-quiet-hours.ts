// Quiet hours and caps in Asia/Shanghai business time (no DST). Pure functions, unit-tested.

const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
};

/** Minutes since Shanghai midnight. */
function localMinutes(at: Date): number {
  return Math.floor(((((at.getTime() + OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS) / 60_000);
}

/** UTC instant of Shanghai midnight starting the day `at` falls on. */
export function shanghaiMidnight(at: Date): Date {
  const local = at.getTime() + OFFSET_MS;
  return new Date(local - (((local % DAY_MS) + DAY_MS) % DAY_MS) - OFFSET_MS);
}

/**
 * When quiet hours [start, end) hold at `at`, the instant they end (the next `end` in Shanghai);
 * null outside them. A window that wraps midnight (21:00–09:00) is handled.
 */
export function quietUntil(at: Date, start: string, end: string): Date | null {
  const s = minutesOf(start);
  const e = minutesOf(end);
  const m = localMinutes(at);
  const quiet = s <= e ? m >= s && m < e : m >= s || m < e;
  if (!quiet) return null;
  const midnight = shanghaiMidnight(at).getTime();
  const endToday = midnight + e * 60_000;
  return new Date(endToday > at.getTime() ? endToday : endToday + DAY_MS);
}

/** The next day's end of quiet hours (e.g. tomorrow 09:00): where a capped marketing notice waits. */
export function nextMorning(at: Date, end: string): Date {
  return new Date(shanghaiMidnight(at).getTime() + DAY_MS + minutesOf(end) * 60_000);
}
