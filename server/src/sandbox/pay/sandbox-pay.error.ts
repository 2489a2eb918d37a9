// WeChat Pay v3's error envelope: the meaning is in the HTTP status and `code`; messages as WeChat words them.

export const PAY_ERRORS = {
  PARAM_ERROR: [400, '参数错误'],
  INVALID_REQUEST: [400, '无效请求'],
  APPID_MCHID_NOT_MATCH: [400, 'appid和mch_id不匹配'],
  ORDER_CLOSED: [400, '订单已关闭'],
  ORDERPAID: [400, '该订单已支付'],
  NO_STATEMENT_EXIST: [400, '当前日期不存在账单'],
  SIGN_ERROR: [401, '错误的签名,验签失败'],
  OUT_TRADE_NO_USED: [403, '商户订单号重复'],
  NOT_ENOUGH: [403, '申请退款金额超过订单可退金额'],
  RULE_LIMIT: [403, '业务规则限制'],
  ORDER_NOT_EXIST: [404, '订单不存在'],
  RESOURCE_NOT_EXISTS: [404, '退款单不存在'],
  FREQUENCY_LIMITED: [429, '频率超限'],
  SYSTEM_ERROR: [500, '系统错误'],
} as const satisfies Record<string, readonly [number, string]>;

export type PayErrorCode = keyof typeof PAY_ERRORS;

export class SandboxPayError extends Error {
  readonly status: number;

  constructor(
    readonly code: PayErrorCode,
    message?: string,
    readonly detail?: Record<string, unknown>,
    status?: number,
  ) {
    super(message ?? PAY_ERRORS[code][1]);
    this.status = status ?? PAY_ERRORS[code][0];
  }

  toBody(): { code: string; message: string; detail?: Record<string, unknown> } {
    return { code: this.code, message: this.message, ...(this.detail ? { detail: this.detail } : {}) };
  }
}

/** 400 PARAM_ERROR naming the field, the way WeChat's validator answers. */
export function paramError(field: string, rule: string): SandboxPayError {
  return new SandboxPayError('PARAM_ERROR', `输入源“${field}”${rule}`, { field });
}
