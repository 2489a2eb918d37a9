/**
 * The one form of an operator's username: Unicode NFKC (full-width "ＡＢＣ" is "abc"), trimmed, lower
 * case. Accents stay ("náme" is not "name"): the database compares this form byte-exact.
 */
export function normalizeUsername(input: string): string {
  return input.normalize('NFKC').trim().toLowerCase();
}

// New usernames: ASCII letters, digits, _ . - (3-64), checked on the normalised form.
export const USERNAME_PATTERN = /^[a-z0-9_.-]{3,64}$/;
