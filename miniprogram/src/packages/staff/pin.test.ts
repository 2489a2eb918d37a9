import { pinProblem } from './pin';

describe('manager PIN rules', () => {
  it('takes six digits typed the same twice', () => {
    expect(pinProblem('246810', '246810')).toBeNull();
  });

  it('refuses other lengths, letters, trivial sequences and a mismatch', () => {
    expect(pinProblem('12345', '12345')).toMatch(/6 位数字/);
    expect(pinProblem('12a456', '12a456')).toMatch(/6 位数字/);
    expect(pinProblem('111111', '111111')).toMatch(/过于简单/);
    expect(pinProblem('123456', '123456')).toMatch(/过于简单/);
    expect(pinProblem('654321', '654321')).toMatch(/过于简单/);
    expect(pinProblem('246810', '246811')).toMatch(/不一致/);
  });
});
