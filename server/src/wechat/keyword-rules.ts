// Subscription-message keyword value rules (wechat.md §3.4, "订阅消息参数值内容限制说明").
// A keyword key is <type><n>, e.g. thing1 or amount3.

export const KEYWORD_TYPES = [
  'thing',
  'number',
  'letter',
  'symbol',
  'character_string',
  'time',
  'date',
  'amount',
  'phone_number',
  'car_number',
  'name',
  'phrase',
] as const;
export type KeywordType = (typeof KEYWORD_TYPES)[number];

const HAN = /\p{Script=Han}/u;
const DATE = String.raw`\d{4}(?:年(?:0?[1-9]|1[0-2])月(?:0?[1-9]|[12]\d|3[01])日|[-/](?:0?[1-9]|1[0-2])[-/](?:0?[1-9]|[12]\d|3[01]))`;
const CLOCK = String.raw`(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?`;
const TIME_ONE = String.raw`(?:${DATE}\s*)?${CLOCK}`;
const DATE_ONE = String.raw`${DATE}(?:\s*${CLOCK})?`;
const range = (one: string) => new RegExp(String.raw`^${one}(?:\s*~\s*${one})?$`);
const TIME = range(TIME_ONE);
const DATE_VALUE = range(DATE_ONE);

const chars = (value: string) => [...value];

const RULES: Record<KeywordType, (value: string) => boolean> = {
  thing: (v) => chars(v).length <= 20,
  number: (v) => v.length <= 32 && /^\d+(?:\.\d+)?$/.test(v),
  letter: (v) => /^[A-Za-z]{1,32}$/.test(v),
  symbol: (v) => /^[^\p{L}\p{N}\s]{1,5}$/u.test(v),
  character_string: (v) => /^[\x21-\x7e]{1,32}$/.test(v),
  time: (v) => TIME.test(v),
  date: (v) => DATE_VALUE.test(v),
  // One currency symbol, at most 10 integer digits, optional decimals and trailing 元.
  amount: (v) => /^[¥￥$€£]?\d{1,10}(?:\.\d{1,2})?元?$/.test(v),
  phone_number: (v) => /^[\d+\-()]{1,17}$/.test(v),
  car_number: (v) =>
    chars(v).length <= 8 && /^[\p{Script=Han}A-Za-z0-9][A-Za-z0-9]*[\p{Script=Han}A-Za-z0-9]?$/u.test(v),
  // Chinese (or mixed) names up to 10 characters; pure Latin names up to 20 letters/symbols.
  name: (v) =>
    HAN.test(v) ? chars(v).length <= 10 && /^[\p{Script=Han}A-Za-z·.\s]+$/u.test(v) : /^[A-Za-z\s.·'-]{1,20}$/.test(v),
  phrase: (v) => /^\p{Script=Han}{1,5}$/u.test(v),
};

/** The type part of a keyword key ("character_string7" → "character_string"), or undefined. */
export function keywordType(key: string): KeywordType | undefined {
  const type = key.replace(/\d+$/, '');
  return (KEYWORD_TYPES as readonly string[]).includes(type) ? (type as KeywordType) : undefined;
}

/** Why a keyword value would be refused (WeChat's wording), or null when it is acceptable. */
export function keywordProblem(type: KeywordType, value: unknown): 'is empty' | 'is invalid' | null {
  if (typeof value !== 'string' || value.trim() === '') return 'is empty';
  return RULES[type](value) ? null : 'is invalid';
}
