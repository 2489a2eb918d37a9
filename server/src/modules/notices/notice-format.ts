// Formatting for subscription-message keyword values, enforcing WeChat's keyword rules (wechat.md §3.4) so a
// value never reaches subscribe/send in a shape WeChat refuses with 47003. Pure functions; times are shown
// in Asia/Shanghai.

const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const ELLIPSIS = '…';

/** thing: at most 20 characters (code points); longer text keeps 19 and ends with …; blank → fallback. */
export function thing(value: string, fallback = '—'): string {
  const text = value.replace(/\s+/g, ' ').trim();
  const chars = [...(text || fallback)];
  return chars.length <= 20 ? chars.join('') : chars.slice(0, 19).join('') + ELLIPSIS;
}

/** phrase: 1–5 汉字 only; other characters are dropped, then cut to 5; nothing left → fallback. */
export function phrase(value: string, fallback: string): string {
  const han = [...value].filter((c) => /\p{Script=Han}/u.test(c));
  return han.length ? han.slice(0, 5).join('') : fallback;
}

/** number: digits (a non-negative integer; negative counts are shown as 0). */
export function numberValue(n: number): string {
  return String(Math.max(0, Math.trunc(n)));
}

/** amount: ¥ and yuan with two decimals from integer fen, e.g. 1234 → ¥12.34 (at most 10 integer digits). */
export function amount(fen: number): string {
  const abs = Math.min(Math.abs(Math.trunc(fen)), 9_999_999_999_99);
  return `¥${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** character_string: printable ASCII only, at most 32; anything else dropped; nothing left → fallback. */
export function characterString(value: string, fallback = '-'): string {
  const kept = value.replace(/[^\x21-\x7e]/g, '').slice(0, 32);
  return kept || fallback;
}

function parts(at: Date) {
  const d = new Date(at.getTime() + SHANGHAI_OFFSET_MS);
  return {
    y: d.getUTCFullYear(),
    m: d.getUTCMonth() + 1,
    d: d.getUTCDate(),
    hh: String(d.getUTCHours()).padStart(2, '0'),
    mm: String(d.getUTCMinutes()).padStart(2, '0'),
  };
}

/** time / date with a clock: 2026年12月1日 15:01 (Asia/Shanghai). */
export function dateTime(at: Date): string {
  const p = parts(at);
  return `${p.y}年${p.m}月${p.d}日 ${p.hh}:${p.mm}`;
}

/** date: 2026年12月1日 from a Date (Asia/Shanghai) or a business date YYYY-MM-DD. */
export function dateOnly(at: Date | string): string {
  if (typeof at === 'string') {
    const [y, m, d] = at.split('-').map(Number);
    return `${y}年${m}月${d}日`;
  }
  const p = parts(at);
  return `${p.y}年${p.m}月${p.d}日`;
}

/** A date range: 2026年12月1日~2026年12月31日. */
export function dateRange(from: Date | string, to: Date | string): string {
  return `${dateOnly(from)}~${dateOnly(to)}`;
}

/** A deadline as people read it: one exclusive at midnight (valid until 12月8日 00:00) shows as 12月7日 23:59. */
export function deadline(at: Date): string {
  const p = parts(at);
  return p.hh === '00' && p.mm === '00' ? dateTime(new Date(at.getTime() - 60_000)) : dateTime(at);
}
