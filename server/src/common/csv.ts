// CSV downloads for the console: UTF-8 with a BOM so Excel opens zh-CN text, RFC 4180 quoting, times in
// Asia/Shanghai.

/** RFC 4180 quoting; a leading = + - @ is defused so Excel never runs a cell as a formula. */
export function csvCell(value: unknown): string {
  let s = String(value ?? '');
  if (/^[=+\-@]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** "YYYY-MM-DD HH:mm:ss" in Asia/Shanghai ('' for none). */
export const csvTime = (iso: string | null): string =>
  iso ? new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ') : '';

/** Header and rows as one CSV document. */
export function csvDocument(header: string[], rows: unknown[][]): string {
  return '\uFEFF' + [header, ...rows].map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Content-Type and Content-Disposition of a download named `ascii` (and `name` for browsers that take UTF-8). */
export function csvHeaders(ascii: string, name: string): Record<string, string> {
  return {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
  };
}
