import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ErrorCode } from '@member/shared';
import { AppConfig } from '../config/app-config';
import { AppException } from '../common/app-exception';
import { Clock } from '../common/clock';
import { checkAppCredentials } from './sandbox-credentials';
import { SandboxUsersService } from './sandbox-users.service';
import { SandboxWxError, wxParam } from './sandbox-wx.error';

// wx.login and getPhoneNumber codes: valid 5 minutes, single use (wechat.md §3.1, §3.2).
const CODE_TTL_MS = 5 * 60_000;
// Used and expired codes are kept a while so reuse answers 40163 rather than 40029.
const CODE_RETENTION_MS = 60 * 60_000;

interface IssuedCode<T> {
  payload: T;
  issuedAtMs: number;
  used: boolean;
}

interface PhonePayload {
  purePhoneNumber: string;
  countryCode: string;
}

/** Codes of one kind; a code of another kind is simply unknown here. */
class CodeBook<T> {
  private readonly codes = new Map<string, IssuedCode<T>>();

  mint(payload: T, nowMs: number): string {
    for (const [code, issued] of this.codes) {
      if (nowMs - issued.issuedAtMs > CODE_RETENTION_MS) this.codes.delete(code);
    }
    const code = randomBytes(24).toString('base64url'); // 32 characters, like real codes
    this.codes.set(code, { payload, issuedAtMs: nowMs, used: false });
    return code;
  }

  redeem(code: string, nowMs: number): T {
    const issued = this.codes.get(code);
    if (!issued) throw new SandboxWxError(40029);
    if (issued.used) throw new SandboxWxError(40163);
    if (nowMs - issued.issuedAtMs > CODE_TTL_MS) throw new SandboxWxError(40029);
    issued.used = true;
    return issued.payload;
  }
}

/** Login (wx.login) and phone (getPhoneNumber button) codes: minting for clients, redeeming on the wire. */
@Injectable()
export class SandboxCodesService {
  private readonly loginCodes = new CodeBook<string>();
  private readonly phoneCodes = new CodeBook<PhonePayload>();

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly users: SandboxUsersService,
  ) {}

  /** What wx.login would hand the mini-program for this user. */
  mintLoginCode(openid: string, unionid?: string): { code: string } {
    this.users.upsert(openid, unionid);
    return { code: this.loginCodes.mint(openid, this.clock.nowMs()) };
  }

  /** What the getPhoneNumber button would hand the mini-program. */
  mintPhoneCode(phone: string, countryCode = '86'): { code: string } {
    if (countryCode === '86' && !/^1[3-9]\d{9}$/.test(phone)) {
      throw new AppException(ErrorCode.VALIDATION_FAILED, '请输入 11 位中国大陆手机号', [
        { field: 'phone', message: 'must be an 11-digit mainland China mobile number' },
      ]);
    }
    return { code: this.phoneCodes.mint({ purePhoneNumber: phone, countryCode }, this.clock.nowMs()) };
  }

  /** GET /sns/jscode2session */
  code2Session(query: unknown): { openid: string; session_key: string; unionid?: string } {
    checkAppCredentials(this.config, wxParam(query, 'appid'), wxParam(query, 'secret'));
    if (wxParam(query, 'grant_type') !== 'authorization_code') throw new SandboxWxError(40002);
    const code = wxParam(query, 'js_code');
    if (code === undefined) throw new SandboxWxError(41008);
    const user = this.users.find(this.loginCodes.redeem(code, this.clock.nowMs()));
    if (!user) throw new SandboxWxError(40029);
    if (user.blocked) throw new SandboxWxError(40226);
    const session = { openid: user.openid, session_key: randomBytes(16).toString('base64') };
    return user.unionid ? { ...session, unionid: user.unionid } : session;
  }

  /** POST /wxa/business/getuserphonenumber (access_token already checked). */
  phoneNumber(body: unknown) {
    if (typeof body !== 'object' || body === null) throw new SandboxWxError(47001);
    const code = wxParam(body, 'code');
    if (code === undefined) throw new SandboxWxError(41008);
    const { purePhoneNumber, countryCode } = this.phoneCodes.redeem(code, this.clock.nowMs());
    return {
      errcode: 0,
      errmsg: 'ok',
      phone_info: {
        // Mainland numbers come without the country prefix; foreign ones carry it.
        phoneNumber: countryCode === '86' ? purePhoneNumber : `+${countryCode} ${purePhoneNumber}`,
        purePhoneNumber,
        countryCode,
        watermark: { timestamp: Math.floor(this.clock.nowMs() / 1000), appid: this.config.wechat.appId },
      },
    };
  }
}
