import { zhValidationMessage } from './validation-messages';

describe('zhValidationMessage', () => {
  it('turns class-validator defaults into zh-CN and keeps Chinese messages', () => {
    expect(zhValidationMessage('password must be longer than or equal to 10 characters', 'password')).toBe(
      'password 至少 10 个字',
    );
    expect(zhValidationMessage('page must not be greater than 10000', 'page')).toBe('page 不能大于 10000');
    expect(zhValidationMessage('property extra should not exist', 'rules.extra')).toBe('rules.extra 是不支持的字段');
    expect(zhValidationMessage('role must be one of the following values: admin, operator', 'role')).toBe(
      'role 须为以下之一：admin, operator',
    );
    expect(zhValidationMessage('something odd', 'x')).toBe('x 格式不正确');
    expect(zhValidationMessage('入会赠送积分须为 0 至 1,000,000 分 之间的整数', 'signUpBonus')).toBe(
      '入会赠送积分须为 0 至 1,000,000 分 之间的整数',
    );
  });
});
