/** A manager's approval PIN: six digits (the server keeps only a slow hash). */
export const PIN_LENGTH = 6;

/** Why a new PIN (typed twice) cannot be used, or null. */
export function pinProblem(pin: string, again: string): string | null {
  if (!/^\d{6}$/.test(pin)) return `确认密码须为 ${PIN_LENGTH} 位数字`;
  if (/^(\d)\1{5}$/.test(pin) || '0123456789'.includes(pin) || '9876543210'.includes(pin)) {
    return '密码过于简单，请避免连续或重复的数字';
  }
  if (pin !== again) return '两次输入的密码不一致';
  return null;
}
