import Taro from '@tarojs/taro';
import { apiUrl } from '../services/config';
import { PlatformError, type PlatformAdapter, type SubscribeDecision } from './types';

function errMsgOf(e: unknown): string {
  return (e as { errMsg?: string } | null)?.errMsg ?? String(e);
}

export const weappAdapter: PlatformAdapter = {
  kind: 'weapp',

  async login() {
    const res = await Taro.login().catch((e: unknown) => {
      throw new PlatformError(`微信登录失败：${errMsgOf(e)}`, 'failed');
    });
    if (!res.code) throw new PlatformError('微信登录失败，请稍后重试', 'failed');
    return res.code;
  },

  sessionOwner() {
    // Storage is per WeChat user and per mini-program: whoever finds the token is its owner.
    return 'wechat';
  },

  async getPhoneCode(source) {
    const code = source.detail?.code;
    if (code) return code;
    // No code means the user tapped "拒绝" or the account lacks the phone-number ability.
    const denied = source.detail?.errMsg?.includes('deny') || source.detail?.errMsg?.includes('cancel');
    throw new PlatformError(denied ? '已取消手机号授权' : '获取手机号失败，请稍后重试', denied ? 'denied' : 'failed');
  },

  async scanCode() {
    try {
      const res = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode', 'barCode'] });
      return res.result;
    } catch (e) {
      const cancelled = errMsgOf(e).includes('cancel');
      throw new PlatformError(
        cancelled ? '已取消扫码' : '扫码失败，请手动输入会员码',
        cancelled ? 'cancelled' : 'failed',
      );
    }
  },

  async requestSubscribe(templateIds) {
    const res = (await Taro.requestSubscribeMessage({ tmplIds: templateIds, entityIds: [] })) as unknown as Record<
      string,
      string
    >;
    const out: Record<string, SubscribeDecision> = {};
    for (const id of templateIds) out[id] = (res[id] as SubscribeDecision | undefined) ?? 'reject';
    return out;
  },

  vibrateShort() {
    // Feedback only: a phone with vibration off must not turn a sale into an error.
    Taro.vibrateShort({ type: 'medium' }).catch(() => undefined);
  },

  async openDocument(path, fileName) {
    // Saved under its own name, so 转发/用其他应用打开 from the viewer's menu keep "我的数据_….xlsx".
    const filePath = `${Taro.env.USER_DATA_PATH}/${fileName}`;
    const res = await Taro.downloadFile({ url: apiUrl(path), filePath }).catch((e: unknown) => {
      throw new PlatformError(`下载失败：${errMsgOf(e)}`, 'failed');
    });
    if (res.statusCode !== 200) throw new PlatformError('下载链接已失效，请重新导出', 'failed');
    await Taro.openDocument({ filePath: res.filePath || filePath, fileType: 'xlsx', showMenu: true }).catch(
      (e: unknown) => {
        throw new PlatformError(`无法打开文件：${errMsgOf(e)}`, 'failed');
      },
    );
  },

  pageLink() {
    return null;
  },

  async requestPayment(params) {
    try {
      await Taro.requestPayment({
        timeStamp: params.timeStamp,
        nonceStr: params.nonceStr,
        package: params.package,
        signType: params.signType,
        paySign: params.paySign,
      });
    } catch (e) {
      // "requestPayment:fail cancel" is the member closing the popup; anything else may still have paid.
      const cancelled = errMsgOf(e).includes('cancel');
      throw new PlatformError(
        cancelled ? '已取消支付' : '支付未完成，请稍后查看充值结果',
        cancelled ? 'cancelled' : 'failed',
      );
    }
  },
};
