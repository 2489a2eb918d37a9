import type { AppConfig } from '../../config/app-config';

/**
 * A sandbox control call over HTTP (product code reaches the simulator by URL only, as it reaches real
 * WeChat); answers the `code` of the reply, or ''.
 */
export async function sandboxControl(
  config: AppConfig,
  area: 'wx' | 'pay',
  path: string,
  body: object,
): Promise<string> {
  const base = area === 'wx' ? config.wechat.apiBaseUrl : config.wechatPay.apiBaseUrl;
  const res = await fetch(`${base.replace(/\/api\/?$/, '')}/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`sandbox ${area} ${path.split('/')[0]} answered ${res.status}`);
  return ((await res.json()) as { code?: string }).code ?? '';
}
