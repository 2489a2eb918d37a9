import type { PayTransaction } from './wechat-pay.gateway';

/** What a payment report may disagree on with our order, in the order it is checked. */
export type PayMismatch = 'MCHID_MISMATCH' | 'APPID_MISMATCH' | 'AMOUNT_MISMATCH';

/**
 * The first thing WeChat's payment report gets wrong about our order (null: it agrees). Every kind of order
 * (top-ups, mall orders, event fees) is settled only when WeChat reports our merchant, our app and the
 * amount we asked for; anything else is flagged for operators and changes nothing.
 */
export function payMismatch(
  t: PayTransaction,
  ours: { mchId: string; appId: string; amountFen: number },
): PayMismatch | null {
  if (t.mchid !== ours.mchId) return 'MCHID_MISMATCH';
  if (t.appid !== ours.appId) return 'APPID_MISMATCH';
  if (t.totalFen !== ours.amountFen) return 'AMOUNT_MISMATCH';
  return null;
}

/** What WeChat reported, for an anomaly's detail: without the payer's openid (personal data). */
export function reportedDetail(t: PayTransaction): Record<string, unknown> {
  return {
    appid: t.appid,
    mchid: t.mchid,
    tradeState: t.tradeState,
    totalFen: t.totalFen,
    payerTotalFen: t.payerTotalFen,
    successTime: t.successTime?.toISOString() ?? null,
  };
}
