import type { AppConfig } from '../config/app-config';
import { SandboxWxError } from './sandbox-wx.error';

/** The appid/secret checks WeChat applies to jscode2session and both token endpoints. */
export function checkAppCredentials(config: AppConfig, appid: string | undefined, secret: string | undefined): void {
  if (appid === undefined) throw new SandboxWxError(41002);
  if (appid !== config.wechat.appId) throw new SandboxWxError(40013);
  if (secret === undefined) throw new SandboxWxError(41004);
  if (secret !== config.wechat.appSecret) throw new SandboxWxError(40125);
}
