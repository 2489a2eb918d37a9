/** "668812345678901234" → "6688 1234 5678 9012 34": easier to read aloud and type at the till. */
export function groupDigits(code: string, size = 4): string {
  const digits = code.replace(/\s+/g, '');
  const groups: string[] = [];
  for (let i = 0; i < digits.length; i += size) groups.push(digits.slice(i, i + size));
  return groups.join(' ');
}

export const MEMBER_CODE_LENGTH = 18;

/** Strips the spaces people type (or scanners add) and keeps only digits. */
export function normalizeMemberCode(input: string): string {
  return input.replace(/\D+/g, '');
}

export function isMemberCode(input: string): boolean {
  return normalizeMemberCode(input).length === MEMBER_CODE_LENGTH;
}
