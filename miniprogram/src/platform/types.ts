import type { PayParams } from '@member/shared';

/** Outcome per template id, as wx.requestSubscribeMessage reports it. */
export type SubscribeDecision = 'accept' | 'reject' | 'ban' | 'filter' | 'acceptWithAudio';

/**
 * What the phone-number flow hands to the adapter: in weapp the `detail` of the
 * `<Button openType="getPhoneNumber">` event, in H5 the number typed into the sandbox dialog.
 */
export interface PhoneCodeSource {
  detail?: { code?: string; errMsg?: string };
  phone?: string;
}

/** WeChat-only client abilities; weapp calls Taro/wx, H5 calls the server's WeChat sandbox. */
export interface PlatformAdapter {
  readonly kind: 'weapp' | 'h5';
  /** A wx.login code for POST /api/v1/auth/wechat/login. */
  login(): Promise<string>;
  /**
   * Whose session the stored member token is: a later launch by the same user resumes it instead of
   * logging in again. In WeChat a mini-program's storage already belongs to one WeChat user.
   */
  sessionOwner(): string;
  /** A phone-number code for POST /api/v1/me/phone. */
  getPhoneCode(source: PhoneCodeSource): Promise<string>;
  /** Text of a scanned code; H5 has no camera scan and rejects with PlatformError. */
  scanCode(): Promise<string>;
  requestSubscribe(templateIds: string[]): Promise<Record<string, SubscribeDecision>>;
  /** A short buzz to mark a result (e.g. the member's 消费成功 sheet); silently nothing where unsupported. */
  vibrateShort(): void;
  /**
   * Opens an xlsx the API serves at `path` (a short-lived signed link): weapp downloads it and opens it in
   * WeChat's document viewer (openDocument takes xlsx/pdf, not csv/json); H5 hands it to the browser.
   */
  openDocument(path: string, fileName: string): Promise<void>;
  /**
   * A link to one of our pages that someone else can open (e.g. a coupon gift): H5 an absolute URL to copy;
   * weapp null, pages are passed on as share cards (Button openType="share" + onShareAppMessage).
   */
  pageLink(path: string): string | null;
  /**
   * Opens WeChat Pay for a prepaid order (weapp: wx.requestPayment; H5: the sandbox's "the member pays").
   * Resolving only means the member went through the popup: the order's status on the server is the proof.
   * A member closing the popup rejects with PlatformError reason 'cancelled'.
   */
  requestPayment(params: PayParams, outTradeNo: string): Promise<void>;
}

/** A platform ability failed or was declined; `message` is zh-CN for users. */
export class PlatformError extends Error {
  constructor(
    message: string,
    readonly reason: 'cancelled' | 'denied' | 'unsupported' | 'failed',
  ) {
    super(message);
    this.name = 'PlatformError';
  }
}
