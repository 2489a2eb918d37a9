import { hashPin, pinMatches } from './staff-pin.service';

describe('staff PIN hashing', () => {
  it('keeps a salted scrypt hash that matches only its PIN', async () => {
    const [a, b] = [await hashPin('246810'), await hashPin('246810')];
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(a).not.toContain('246810');
    expect(a).not.toBe(b); // salted
    expect(await pinMatches('246810', a)).toBe(true);
    expect(await pinMatches('246811', a)).toBe(false);
    expect(await pinMatches('246810', 'bcrypt$whatever')).toBe(false);
  });
});
