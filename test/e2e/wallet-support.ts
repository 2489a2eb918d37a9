import type { MemberTopup, TopupCreated, TopupPlanInput, WalletSummary } from '@member/shared';
import { api, sandboxLogin, testOpenid } from './support';

export interface WalletMember {
  token: string;
  memberNo: string;
}

/** A member with a bound phone (stored value is registered: no phone, no top-up). */
export async function memberWithPhone(url: string, phone: string, openid = testOpenid()): Promise<WalletMember> {
  const { token, member } = await sandboxLogin(url, openid);
  const { code } = await api<{ code: string }>(url, 'POST', '/sandbox/wx/phone-code', { phone });
  await api(url, 'POST', '/api/v1/me/phone', { code }, token);
  return { token, memberNo: member.memberNo };
}

/** Orders a top-up as the mini-program does (the policy shown, a fresh request id). */
export async function orderTopup(
  url: string,
  token: string,
  body: { planId: number } | { amountFen: number },
): Promise<TopupCreated> {
  const { policy } = await api<WalletSummary>(url, 'GET', '/api/v1/me/wallet', undefined, token);
  const requestId = `e2e-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  return api<TopupCreated>(
    url,
    'POST',
    '/api/v1/me/wallet/topups',
    { ...body, policyVersion: policy.version, requestId },
    token,
  );
}

/** Waits until our server has credited a top-up (the result page's poll). */
export async function waitPaid(url: string, token: string, outTradeNo: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const t = await api<MemberTopup>(url, 'GET', `/api/v1/me/wallet/topups/${outTradeNo}`, undefined, token);
    if (t.status === 'PAID') return;
    if (Date.now() > deadline) throw new Error(`${outTradeNo} still ${t.status}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** The member pays in the sandbox; waits until our server has credited it. */
export async function payAndWait(url: string, token: string, outTradeNo: string): Promise<void> {
  await api(url, 'POST', `/sandbox/pay/transactions/${outTradeNo}/pay`, {});
  await waitPaid(url, token, outTradeNo);
}

/** A 充值方案 created and put on sale; returns its id. */
export async function activePlan(url: string, adminToken: string, over: Partial<TopupPlanInput>): Promise<number> {
  const body: TopupPlanInput = {
    name: '充值方案',
    payFen: 10_000,
    bonusFen: 0,
    startsAt: null,
    endsAt: null,
    perMemberLimit: null,
    sortOrder: 10,
    ...over,
  };
  const { id } = await api<{ id: number }>(url, 'POST', '/api/v1/admin/wallet/plans', body, adminToken);
  await api(url, 'POST', `/api/v1/admin/wallet/plans/${id}/status`, { status: 'ACTIVE' }, adminToken);
  return id;
}
