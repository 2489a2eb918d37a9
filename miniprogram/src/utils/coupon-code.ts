import { isCouponCode } from '@member/shared';

// The coupon code as staff scan or type it: 16 digits, the last a check digit (Luhn), so a typo is caught
// on the phone before anything is asked of the server.

export const COUPON_CODE_LENGTH = 16;

/** Digits only: a scan, or what was typed with spaces or dashes between the groups. */
export function normalizeCouponCode(raw: string): string {
  return raw.replace(/\D/g, '').slice(0, COUPON_CODE_LENGTH);
}

/** What to tell the clerk about what has been typed so far; null when it is a well-formed code. */
export function couponCodeProblem(digits: string): string | null {
  if (digits.length < COUPON_CODE_LENGTH) return `请输入 ${COUPON_CODE_LENGTH} 位券码（已输入 ${digits.length} 位）`;
  return isCouponCode(digits) ? null : '券码有误，请核对后重新输入';
}

/** "8123456790" → "8123****90": enough to ask the member, not enough for the queue to read. */
export function maskMemberNo(memberNo: string): string {
  if (memberNo.length <= 6) return memberNo;
  return `${memberNo.slice(0, 4)}****${memberNo.slice(-2)}`;
}
