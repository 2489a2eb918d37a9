// class-validator's built-in messages are English ("password must be longer than or equal to 10 characters").
// Users only ever see zh-CN, so a rule without a message of its own gets its zh-CN equivalent here; DTOs that
// state a field's rule in words (the shared limits' messages) keep theirs.

const RULES: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/must not be less than (\S+)/, (m) => `不能小于 ${m[1]}`],
  [/must not be greater than (\S+)/, (m) => `不能大于 ${m[1]}`],
  [/must be longer than or equal to (\d+) characters/, (m) => `至少 ${m[1]} 个字`],
  [/must be shorter than or equal to (\d+) characters/, (m) => `最多 ${m[1]} 个字`],
  [/must be an integer number/, () => '须为整数'],
  [/must be a number/, () => '须为数字'],
  [/must be a positive number/, () => '须为正数'],
  [/must be a string/, () => '须为文字'],
  [/must be a boolean value/, () => '须为 true 或 false'],
  [/must be one of the following values: (.*)$/, (m) => `须为以下之一：${m[1]}`],
  [/must match .* regular expression/, () => '格式不正确'],
  [/should not exist/, () => '是不支持的字段'],
  [/should not be empty/, () => '不能为空'],
  [/should not be null or undefined/, () => '必须填写'],
  [/must be either object or array/, () => '须为对象或数组'],
  [/must be an object/, () => '须为对象'],
  [/must be an array/, () => '须为数组'],
  [/must be a valid ISO 8601 date string/, () => '须为有效的日期'],
  [/must contain no more than (\d+) elements/, (m) => `最多 ${m[1]} 项`],
  [/must contain at least (\d+) elements/, (m) => `至少 ${m[1]} 项`],
  [/must be a Date instance/, () => '须为日期'],
];

const CJK = /[\u3400-\u9fff]/;

/** The zh-CN message for a validation failure on `field`; messages already in Chinese pass through. */
export function zhValidationMessage(message: string, field: string): string {
  if (CJK.test(message)) return message;
  for (const [pattern, words] of RULES) {
    const m = message.match(pattern);
    if (m) return `${field} ${words(m)}`;
  }
  return `${field} 格式不正确`;
}
