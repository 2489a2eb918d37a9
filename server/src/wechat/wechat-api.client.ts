import { Injectable } from '@nestjs/common';
import { ErrorCode } from '@member/shared';
import { AppConfig } from '../config/app-config';
import { Clock } from '../common/clock';
import { WechatApiError, type WechatApiName } from './wechat-api.error';

export interface WechatSession {
  openid: string;
  unionid?: string;
}

export interface WechatPhone {
  phoneNumber: string;
  purePhoneNumber: string;
  countryCode: string;
}

export interface SubscribeMessage {
  touser: string;
  templateId: string;
  /** Mini-program page with query, e.g. "pages/points/index?from=notice". */
  page?: string;
  /** Keyword → value, e.g. { thing1: '消费奖励', number2: '120' }. */
  data: Record<string, string>;
  miniprogramState?: 'developer' | 'trial' | 'formal';
  lang?: 'zh_CN' | 'en_US' | 'zh_HK' | 'zh_TW';
}

/**
 * A payment's shipping as the order-shipping API records it (wechat.md §3.5). Virtual goods (top-ups):
 * logisticsType 3, deliveryMode 1 and exactly one item.
 */
export interface ShippingInfo {
  /** WeChat's transaction_id, or our mchid + out_trade_no. */
  orderKey: { transactionId: string } | { mchid: string; outTradeNo: string };
  /** 1 express, 2 same-city, 3 virtual goods, 4 self pickup. */
  logisticsType: 1 | 2 | 3 | 4;
  /** 1 unified (one item), 2 split (express only). */
  deliveryMode: 1 | 2;
  items: { itemDesc: string; trackingNo?: string; expressCompany?: string }[];
  /** Orders the uploads: a change must carry a later time. */
  uploadTime: Date;
  payerOpenid: string;
}

/** 1 待发货, 2 已发货, 3 确认收货, 4 交易完成, 5 已退款 (get_order's order_state). */
export type ShippingOrderState = 1 | 2 | 3 | 4 | 5;

type WxAnswer = { errcode?: number; errmsg?: string } & Record<string, unknown>;

// Refresh this long before WeChat says the token expires (wechat.md §3.3).
const TOKEN_REFRESH_MARGIN_S = 300;
const STALE_TOKEN = new Set([40001, 42001]);

/** Client for the mini-program server APIs at config.wechat.apiBaseUrl (real WeChat or the sandbox). */
@Injectable()
export class WechatApiClient {
  private cachedToken: { token: string; refreshAtMs: number } | null = null;
  private tokenInFlight: Promise<string> | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Exchanges a wx.login code. The session_key is dropped here: we never decrypt client data with it. */
  async code2Session(code: string): Promise<WechatSession> {
    const { appId, appSecret } = this.config.wechat;
    const answer = await this.call('jscode2session', 'GET', '/sns/jscode2session', {
      appid: appId,
      secret: appSecret,
      js_code: code,
      grant_type: 'authorization_code',
    });
    if (typeof answer.openid !== 'string' || answer.openid === '') {
      throw noAnswer('jscode2session', 'answer without openid');
    }
    const session: WechatSession = { openid: answer.openid };
    if (typeof answer.unionid === 'string' && answer.unionid !== '') session.unionid = answer.unionid;
    return session;
  }

  /** Exchanges a getPhoneNumber button code for the user's phone number. */
  async getPhoneNumber(code: string): Promise<WechatPhone> {
    const answer = await this.withToken((token) =>
      this.call('getuserphonenumber', 'POST', '/wxa/business/getuserphonenumber', { access_token: token }, { code }),
    );
    const info = answer.phone_info as Record<string, unknown> | undefined;
    const watermark = info?.watermark as Record<string, unknown> | undefined;
    if (!info || typeof info.purePhoneNumber !== 'string' || typeof info.phoneNumber !== 'string') {
      throw noAnswer('getuserphonenumber', 'answer without phone_info');
    }
    // A code minted for another mini-program must not bind a phone to our member.
    if (watermark?.appid !== this.config.wechat.appId) {
      throw new WechatApiError(
        { api: 'getuserphonenumber', errcode: null, errmsg: 'watermark.appid does not match our appid' },
        ErrorCode.WECHAT_CODE_INVALID,
      );
    }
    return {
      phoneNumber: info.phoneNumber,
      purePhoneNumber: info.purePhoneNumber,
      // Documented as a string, shown as a number in WeChat's own example.
      countryCode: String(info.countryCode ?? ''),
    };
  }

  /**
   * A valid access_token from POST /cgi-bin/stable_token in normal mode (never force_refresh, so other
   * instances keep theirs). Cached until expires_in − 300 s; concurrent callers share one fetch.
   */
  getAccessToken(): Promise<string> {
    if (this.cachedToken && this.clock.nowMs() < this.cachedToken.refreshAtMs) {
      return Promise.resolve(this.cachedToken.token);
    }
    this.tokenInFlight ??= this.fetchAccessToken().finally(() => {
      this.tokenInFlight = null;
    });
    return this.tokenInFlight;
  }

  /**
   * Sends a one-time subscription message. Failures are WechatApiError with `errcode`
   * (43101 no grant, 47003 bad keyword value, 40003 unknown openid …) and `transient`.
   */
  async sendSubscribeMessage(message: SubscribeMessage): Promise<void> {
    const body: Record<string, unknown> = {
      touser: message.touser,
      template_id: message.templateId,
      data: Object.fromEntries(Object.entries(message.data).map(([key, value]) => [key, { value }])),
    };
    if (message.page !== undefined) body.page = message.page;
    if (message.miniprogramState !== undefined) body.miniprogram_state = message.miniprogramState;
    if (message.lang !== undefined) body.lang = message.lang;
    await this.withToken((token) =>
      this.call('subscribe_send', 'POST', '/cgi-bin/message/subscribe/send', { access_token: token }, body),
    );
  }

  /**
   * Records a payment's shipping (WeChat keeps a mini-program payment's funds frozen until it is done). A
   * payment may be changed once; WeChat answers 10060004 when it cannot be shipped, 268485224 for a bad mode.
   */
  async uploadShippingInfo(info: ShippingInfo): Promise<void> {
    const orderKey =
      'transactionId' in info.orderKey
        ? { order_number_type: 2, transaction_id: info.orderKey.transactionId }
        : { order_number_type: 1, mchid: info.orderKey.mchid, out_trade_no: info.orderKey.outTradeNo };
    const body = {
      order_key: orderKey,
      logistics_type: info.logisticsType,
      delivery_mode: info.deliveryMode,
      shipping_list: info.items.map((item) => ({
        item_desc: item.itemDesc,
        ...(item.trackingNo === undefined ? {} : { tracking_no: item.trackingNo }),
        ...(item.expressCompany === undefined ? {} : { express_company: item.expressCompany }),
      })),
      upload_time: beijingRfc3339(info.uploadTime),
      payer: { openid: info.payerOpenid },
    };
    await this.withToken((token) =>
      this.call('upload_shipping_info', 'POST', '/wxa/sec/order/upload_shipping_info', { access_token: token }, body),
    );
  }

  /** The shipping state WeChat holds for a payment (get_order), e.g. to learn whether an upload landed. */
  async getShippingOrderState(transactionId: string): Promise<ShippingOrderState> {
    const answer = await this.withToken((token) =>
      this.call(
        'get_order',
        'POST',
        '/wxa/sec/order/get_order',
        { access_token: token },
        { transaction_id: transactionId },
      ),
    );
    const state = Number((answer.order as Record<string, unknown> | undefined)?.order_state);
    if (!Number.isInteger(state) || state < 1 || state > 5) throw noAnswer('get_order', 'answer without order_state');
    return state as ShippingOrderState;
  }

  private async fetchAccessToken(): Promise<string> {
    const { appId, appSecret } = this.config.wechat;
    const answer = await this.call('stable_token', 'POST', '/cgi-bin/stable_token', undefined, {
      grant_type: 'client_credential',
      appid: appId,
      secret: appSecret,
    });
    const token = answer.access_token;
    const expiresIn = Number(answer.expires_in);
    if (typeof token !== 'string' || token === '' || !Number.isFinite(expiresIn)) {
      throw noAnswer('stable_token', 'answer without access_token/expires_in');
    }
    const ttlSeconds = Math.max(expiresIn - TOKEN_REFRESH_MARGIN_S, 0);
    this.cachedToken = { token, refreshAtMs: this.clock.nowMs() + ttlSeconds * 1000 };
    return token;
  }

  /** Runs a token-bearing call; on 40001/42001 drops the cached token, refetches once and retries once. */
  private async withToken<T>(send: (token: string) => Promise<T>): Promise<T> {
    const token = await this.getAccessToken();
    try {
      return await send(token);
    } catch (err) {
      if (!(err instanceof WechatApiError) || err.errcode === null || !STALE_TOKEN.has(err.errcode)) throw err;
      // Only drop the token we used: a concurrent caller may already have fetched a fresh one.
      if (this.cachedToken?.token === token) this.cachedToken = null;
      return send(await this.getAccessToken());
    }
  }

  private async call(
    api: WechatApiName,
    method: 'GET' | 'POST',
    path: string,
    query?: Record<string, string>,
    body?: unknown,
  ): Promise<WxAnswer> {
    const { apiBaseUrl, timeoutMs } = this.config.wechat;
    const url = new URL(apiBaseUrl.replace(/\/+$/, '') + path);
    for (const [key, value] of Object.entries(query ?? {})) url.searchParams.set(key, value);

    let status: number;
    let text: string;
    try {
      const response = await fetch(url, {
        method,
        headers: body === undefined ? undefined : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      text = await response.text();
    } catch (err) {
      // The URL may carry the app secret or a token, so only the failure kind is kept.
      // Checked by name: AbortSignal's DOMException may come from another realm than our Error.
      const timedOut = (err as { name?: unknown } | null)?.name === 'TimeoutError';
      throw noAnswer(api, timedOut ? `timed out after ${timeoutMs} ms` : `network error: ${describe(err)}`);
    }
    if (status < 200 || status >= 300) throw noAnswer(api, `HTTP ${status}`);

    let answer: unknown;
    try {
      answer = JSON.parse(text);
    } catch {
      throw noAnswer(api, 'answer is not JSON');
    }
    if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) {
      throw noAnswer(api, 'answer is not a JSON object');
    }
    const { errcode, errmsg } = answer as WxAnswer;
    // WeChat reports failures as HTTP 200 with a non-zero errcode; successes omit it or send 0.
    if (errcode !== undefined && errcode !== 0) {
      throw new WechatApiError({ api, errcode: Number(errcode), errmsg: String(errmsg ?? '') });
    }
    return answer as WxAnswer;
  }
}

/** RFC 3339 in Beijing time with its offset, as WeChat documents upload_time: 2026-12-01T10:00:00+08:00. */
export function beijingRfc3339(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19) + '+08:00';
}

function noAnswer(api: WechatApiName, errmsg: string): WechatApiError {
  return new WechatApiError({ api, errcode: null, errmsg });
}

function describe(err: unknown): string {
  const { message, cause } = (err ?? {}) as { message?: unknown; cause?: { code?: unknown } };
  const text = typeof message === 'string' ? message : String(err);
  return typeof cause?.code === 'string' ? `${text} (${cause.code})` : text;
}
