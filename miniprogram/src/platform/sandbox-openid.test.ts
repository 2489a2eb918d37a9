import { generateOpenid, openidFromUrl, sandboxOpenid } from './sandbox-openid';

describe('sandbox openid', () => {
  beforeEach(() => window.localStorage.clear());

  it('looks like a mini-program openid: "o" + 27 base64url characters', () => {
    expect(generateOpenid()).toMatch(/^o[A-Za-z0-9_-]{27}$/);
  });

  it('reads ?openid= after a hash-router fragment', () => {
    expect(openidFromUrl('http://x/h5/#/pages/home/index?openid=oTest_1')).toBe('oTest_1');
    expect(openidFromUrl('http://x/h5/?openid=oA#/pages/card/index')).toBe('oA');
    expect(openidFromUrl('http://x/h5/#/pages/home/index')).toBeNull();
  });

  it('keeps the same openid across visits', () => {
    const first = sandboxOpenid();
    expect(sandboxOpenid()).toBe(first);
  });
});
