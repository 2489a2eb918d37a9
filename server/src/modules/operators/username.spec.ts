import { normalizeUsername } from './username';

describe('normalizeUsername', () => {
  it('folds width, case and surrounding spaces, and keeps accents', () => {
    expect(normalizeUsername(' Name ')).toBe('name');
    expect(normalizeUsername('ＮＡＭＥ')).toBe('name');
    expect(normalizeUsername('NÁME')).toBe('náme');
    expect(normalizeUsername('name\u3000')).toBe('name');
    expect(normalizeUsername('náme')).not.toBe('name');
  });
});
