import Taro from '@tarojs/taro';
import { formatCny } from '@member/shared';
import { apiUrl } from '../services/config';
import { request } from '../services/request';
import { sandboxOpenid } from './sandbox-openid';
import { PlatformError, type PlatformAdapter, type SubscribeDecision } from './types';

interface SandboxTemplate {
  templateId: string;
  title: string;
}

let templateTitles: Promise<Map<string, string>> | null = null;

/** The templates' titles as the sandbox app "selected" them (WeChat's popup shows titles, not ids). */
async function sandboxTemplateTitles(templateIds: string[]): Promise<string[]> {
  templateTitles ??= request<SandboxTemplate[]>('/sandbox/wx/templates', { auth: 'none' }).then(
    (list) => new Map(list.map((t) => [t.templateId, t.title])),
    () => {
      templateTitles = null;
      return new Map<string, string>();
    },
  );
  const titles = await templateTitles;
  return templateIds.map((id) => titles.get(id) ?? '订阅消息');
}

interface SandboxCode {
  code: string;
}

/** The part of the sandbox's view of a payment the "pay" popup shows (what WeChat would show: its amount). */
interface SandboxPayView {
  totalFen: number;
}

// The H5 build runs in a normal browser: WeChat abilities are simulated by the server's
// sandbox control endpoints (mounted only when wechat.mode is sandbox).
export const h5Adapter: PlatformAdapter = {
  kind: 'h5',

  async login() {
    const res = await request<SandboxCode>('/sandbox/wx/login-code', {
      method: 'POST',
      data: { openid: sandboxOpenid() },
      auth: 'none',
    });
    return res.code;
  },

  sessionOwner() {
    // One browser can act as several sandbox users (?openid=): a token is resumed only by its own.
    return sandboxOpenid();
  },

  async getPhoneCode(source) {
    const phone = source.phone?.trim();
    if (!phone) throw new PlatformError('请输入手机号', 'cancelled');
    const res = await request<SandboxCode>('/sandbox/wx/phone-code', { method: 'POST', data: { phone }, auth: 'none' });
    return res.code;
  },

  async scanCode() {
    throw new PlatformError('浏览器中无法扫码，请手动输入会员码', 'unsupported');
  },

  async requestSubscribe(templateIds) {
    // The browser has no subscription popup: a modal stands in for WeChat's, naming the templates as WeChat
    // would, and the member's 允许 / 取消 goes to the sandbox, which keeps the grants WeChat would keep.
    const titles = await sandboxTemplateTitles(templateIds);
    const choice = await Taro.showModal({
      title: '允许发送以下消息？',
      content: `${titles.join('、')}。每次允许可收到一次提醒（浏览器演示由微信沙箱代替订阅弹窗）`,
      confirmText: '允许',
      cancelText: '取消',
      confirmColor: '#07C160',
    });
    const result: SubscribeDecision = choice.confirm ? 'accept' : 'reject';
    const answer = await request<Record<string, string>>('/sandbox/wx/subscribe', {
      method: 'POST',
      data: { openid: sandboxOpenid(), templateIds, result },
      auth: 'none',
    });
    // Like wx.requestSubscribeMessage: one decision per template id (the errMsg key is not one).
    const out: Record<string, SubscribeDecision> = {};
    for (const id of templateIds) out[id] = (answer[id] as SubscribeDecision | undefined) ?? result;
    return out;
  },

  vibrateShort() {
    // Browsers that can (Android Chrome) buzz; others ignore it.
    if (typeof navigator !== 'undefined' && typeof navigator.vibrate === 'function') navigator.vibrate(30);
  },

  async openDocument(path, fileName) {
    // The signed link needs no token, so a plain download link does it.
    const a = document.createElement('a');
    a.href = apiUrl(path);
    a.download = fileName;
    a.rel = 'noopener';
    document.body.appendChild(a);
    a.click();
    a.remove();
  },

  pageLink(path) {
    // Hash router under /h5/; the friend's browser logs in as its own sandbox user.
    return `${window.location.origin}/h5/#${path}`;
  },

  async requestPayment(_params, outTradeNo) {
    // The browser has no WeChat Pay popup: a modal stands in for it, showing the amount the sandbox holds for
    // the order, and 确认支付 makes the sandbox pay and notify the server as WeChat would.
    const path = `/sandbox/pay/transactions/${encodeURIComponent(outTradeNo)}`;
    const view = await request<SandboxPayView>(path, { auth: 'none' });
    const choice = await Taro.showModal({
      title: '模拟微信支付',
      content: `需支付 ${formatCny(view.totalFen)}（浏览器演示由微信支付沙箱代替支付弹窗）`,
      confirmText: '确认支付',
      cancelText: '取消',
      confirmColor: '#07C160',
    });
    if (!choice.confirm) throw new PlatformError('已取消支付', 'cancelled');
    await request(`${path}/pay`, { method: 'POST', data: {}, auth: 'none' });
  },
};
