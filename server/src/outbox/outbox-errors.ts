// What the outbox keeps of a failure: the error's class and message, without personal data, short.
const MASKS: [RegExp, string][] = [
  [/o[0-9A-Za-z_-]{27}/g, '[openid]'], // WeChat openids
  [/[\w.+-]+@[\w-]+\.[\w.-]+/g, '[email]'],
  [/\d{7,}/g, '[number]'], // phone, ID card and card numbers
];

export function safeError(error: unknown, max = 500): string {
  const name = error instanceof Error ? error.name : 'Error';
  const raw = error instanceof Error ? error.message : String(error);
  const message = MASKS.reduce((text, [pattern, mask]) => text.replace(pattern, mask), raw);
  const text = name && name !== 'Error' ? `${name}: ${message}` : message;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const BASE_MS = 5_000;
const CAP_MS = 3_600_000;

/**
 * Delay before the next attempt after `attempt` failed deliveries: 5 s × 2^(attempt-1), at most an hour,
 * with jitter in [80 %, 100 %] so nodes spread out while each delay still exceeds the one before.
 */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const exact = Math.min(CAP_MS, BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(exact * (0.8 + 0.2 * random()));
}
