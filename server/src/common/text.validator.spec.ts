import { MULTI_LINE_TEXT, SINGLE_LINE_TEXT } from './text.validator';

describe('plain text patterns', () => {
  it.each(['小王🍵 Wang', '北京市朝阳区 1 号', '', 'a-b_c.d'])('accept %p', (t) => {
    expect(SINGLE_LINE_TEXT.test(t)).toBe(true);
    expect(MULTI_LINE_TEXT.test(t)).toBe(true);
  });
  it.each(['a\u0000b', 'a\u0007', '\u007F', '\u0085', 'abc\u202Eexe', '\u2066x\u2069', '\u202A'])('reject %p', (t) => {
    expect(SINGLE_LINE_TEXT.test(t)).toBe(false);
    expect(MULTI_LINE_TEXT.test(t)).toBe(false);
  });
  it('allows line breaks only in multi-line text', () => {
    expect(SINGLE_LINE_TEXT.test('a\nb')).toBe(false);
    expect(MULTI_LINE_TEXT.test('a\r\n\tb')).toBe(true);
  });
});
