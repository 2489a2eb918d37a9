import { groupDigits, isMemberCode, normalizeMemberCode } from './member-code';

describe('groupDigits', () => {
  it('groups an 18-digit member code in fours for manual entry', () => {
    expect(groupDigits('668812345678901234')).toBe('6688 1234 5678 9012 34');
  });

  it('regroups input that already contains spaces', () => {
    expect(groupDigits('6688 12345 678')).toBe('6688 1234 5678');
  });

  it('returns an empty string for empty input', () => {
    expect(groupDigits('')).toBe('');
  });
});

describe('normalizeMemberCode / isMemberCode', () => {
  it('accepts a code typed with spaces or dashes', () => {
    expect(normalizeMemberCode('6688 1234-5678 9012 34')).toBe('668812345678901234');
    expect(isMemberCode('6688 1234 5678 9012 34')).toBe(true);
  });

  it('rejects codes of the wrong length', () => {
    expect(isMemberCode('6688 1234')).toBe(false);
    expect(isMemberCode('6688123456789012345')).toBe(false);
  });
});
