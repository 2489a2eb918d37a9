import { paramError, SandboxPayError } from './sandbox-pay.error';

// Wire-body checks the way WeChat Pay's gateway does them (field rules from the jsapi prepay and refund
// docs). Any failure is 400 PARAM_ERROR naming the field as `/body/<path>`.

export interface PrepayParams {
  appid: string;
  mchid: string;
  description: string;
  out_trade_no: string;
  time_expire?: string;
  attach?: string;
  notify_url: string;
  amount: { total: number; currency: string };
  payer: { openid: string };
}

export interface RefundParams {
  transaction_id?: string;
  out_trade_no?: string;
  out_refund_no: string;
  reason?: string;
  notify_url?: string;
  amount: { refund: number; total: number; currency: string };
}

const OUT_TRADE_NO = /^[0-9A-Za-z_\-*]{6,32}$/;
const OUT_REFUND_NO = /^[0-9A-Za-z_\-|*@]{1,64}$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

type Json = Record<string, unknown>;

function object(value: unknown, field: string): Json {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw paramError(field, '应为 JSON 对象');
  return value as Json;
}

function text(source: Json, key: string, path: string, max: number, required: true): string;
function text(source: Json, key: string, path: string, max: number, required: false): string | undefined;
function text(source: Json, key: string, path: string, max: number, required: boolean): string | undefined {
  const value = source[key];
  const field = `${path}/${key}`;
  if (value === undefined || value === null) {
    if (required) throw paramError(field, '为必填字段');
    return undefined;
  }
  if (typeof value !== 'string') throw paramError(field, '应为字符串');
  if (required && value === '') throw paramError(field, '字符串规则校验失败，字符数 0，小于最小值 1');
  if ([...value].length > max) throw paramError(field, `字符串规则校验失败，长度超过最大值 ${max}`);
  return value;
}

function fen(source: Json, key: string, path: string): number {
  const value = source[key];
  const field = `${path}/${key}`;
  if (value === undefined) throw paramError(field, '为必填字段');
  if (!Number.isSafeInteger(value) || (value as number) < 1) throw paramError(field, '应为正整数（单位：分）');
  return value as number;
}

function currency(source: Json, path: string, required: boolean): string {
  const value = text(source, 'currency', path, 16, false);
  if (value === undefined && required) throw paramError(`${path}/currency`, '为必填字段');
  if (value !== undefined && value !== 'CNY') throw paramError(`${path}/currency`, '只支持 CNY');
  return 'CNY';
}

function notifyUrl(value: string | undefined, field: string): void {
  if (value === undefined) return;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw paramError(field, '不是合法的 URL');
  }
  // WeChat demands https; the sandbox also takes http so it can reach a local server.
  if (!/^https?:$/.test(url.protocol)) throw paramError(field, '应以 https:// 开头');
  if (url.search) throw paramError(field, '不能携带参数');
}

export function parsePrepay(input: unknown): PrepayParams {
  const body = object(input, '/body');
  const params: PrepayParams = {
    appid: text(body, 'appid', '/body', 32, true),
    mchid: text(body, 'mchid', '/body', 32, true),
    description: text(body, 'description', '/body', 127, true),
    out_trade_no: text(body, 'out_trade_no', '/body', 32, true),
    notify_url: text(body, 'notify_url', '/body', 255, true),
    amount: { total: 0, currency: 'CNY' },
    payer: { openid: '' },
  };
  if (!OUT_TRADE_NO.test(params.out_trade_no)) {
    throw paramError('/body/out_trade_no', '应为 6–32 位数字、大小写字母、_-*');
  }
  const timeExpire = text(body, 'time_expire', '/body', 64, false);
  if (timeExpire !== undefined) {
    if (!RFC3339.test(timeExpire) || Number.isNaN(Date.parse(timeExpire))) {
      throw paramError('/body/time_expire', '应为 RFC3339 格式，如 2018-06-08T10:34:56+08:00');
    }
    params.time_expire = timeExpire;
  }
  const attach = text(body, 'attach', '/body', 128, false);
  if (attach !== undefined) params.attach = attach;
  notifyUrl(params.notify_url, '/body/notify_url');
  const amount = object(body.amount, '/body/amount');
  params.amount = { total: fen(amount, 'total', '/body/amount'), currency: currency(amount, '/body/amount', false) };
  const payer = object(body.payer, '/body/payer');
  params.payer = { openid: text(payer, 'openid', '/body/payer', 128, true) };
  return params;
}

export function parseRefund(input: unknown): RefundParams {
  const body = object(input, '/body');
  const transactionId = text(body, 'transaction_id', '/body', 32, false);
  const outTradeNo = text(body, 'out_trade_no', '/body', 32, false);
  if (!transactionId && !outTradeNo) throw paramError('/body/out_trade_no', '与 transaction_id 必须二选一');
  const params: RefundParams = {
    out_refund_no: text(body, 'out_refund_no', '/body', 64, true),
    amount: { refund: 0, total: 0, currency: 'CNY' },
  };
  if (transactionId) params.transaction_id = transactionId;
  if (outTradeNo) params.out_trade_no = outTradeNo;
  if (!OUT_REFUND_NO.test(params.out_refund_no)) {
    throw paramError('/body/out_refund_no', '应为 1–64 位数字、大小写字母、_-|*@');
  }
  const reason = text(body, 'reason', '/body', 80, false);
  if (reason !== undefined) params.reason = reason;
  const notify = text(body, 'notify_url', '/body', 256, false);
  notifyUrl(notify, '/body/notify_url');
  if (notify !== undefined) params.notify_url = notify;
  const amount = object(body.amount, '/body/amount');
  params.amount = {
    refund: fen(amount, 'refund', '/body/amount'),
    total: fen(amount, 'total', '/body/amount'),
    currency: currency(amount, '/body/amount', true),
  };
  if (params.amount.refund > params.amount.total) {
    throw new SandboxPayError('INVALID_REQUEST', '退款金额不能大于订单金额');
  }
  return params;
}

/** `?mchid=` on queries: present and ours. */
export function requireMchid(query: Record<string, unknown>, ours: string): void {
  const mchid = query.mchid;
  if (typeof mchid !== 'string' || mchid === '') throw paramError('/query/mchid', '为必填字段');
  if (mchid !== ours) throw new SandboxPayError('APPID_MCHID_NOT_MATCH', '商户号与签名商户号不一致');
}
