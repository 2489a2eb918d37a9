import { canonicalJson, fingerprint } from './fingerprint';

describe('request fingerprint', () => {
  it('ignores field order and undefined fields, at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"x":1,"y":2}]},"b":1}',
    );
    expect(fingerprint({ amountFen: 100, pointsToUse: 0 })).toBe(fingerprint({ pointsToUse: 0, amountFen: 100 }));
  });

  it('tells different values, types and key cases apart', () => {
    const base = fingerprint({ amountFen: 100 });
    expect(fingerprint({ amountFen: 101 })).not.toBe(base);
    expect(fingerprint({ amountFen: '100' })).not.toBe(base);
    expect(fingerprint({ AmountFen: 100 })).not.toBe(base);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses numbers JSON cannot carry', () => {
    expect(() => fingerprint({ n: Number.NaN })).toThrow();
  });
});
