import type { WalletPolicy } from './contracts/wallet';

// The stored-value rules a member reads and accepts with every top-up (China's single-purpose prepaid card
// rules: registered balance, a cap, principal refundable, bonus forfeited in proportion). Change the text →
// change the version: a top-up naming an older version is refused until the member has read the new one.

export const WALLET_POLICY_VERSION = '2026-12-01';

/** `{cap}` is filled in with the configured cap (¥5,000.00 by default) when shown. */
export const WALLET_POLICY_PARAGRAPHS: string[] = [
  '储值余额为记名余额，需绑定手机号后方可充值，余额上限为 {cap}。',
  '充值金额（本金）与赠送金额分开记录；消费时默认按本金与赠送金额的比例同时扣减。',
  '可申请退还未使用的本金，原路退回微信支付（支付满一年的部分由门店线下退还）；退款时赠送金额按退还本金的比例作废。',
  '赠送金额不可提现、不可退款、不可转让。',
  '充值及消费记录至少保存五年，可在“储值记录”中随时查看。',
];

export function walletPolicy(capLabel: string): WalletPolicy {
  return {
    version: WALLET_POLICY_VERSION,
    paragraphs: WALLET_POLICY_PARAGRAPHS.map((p) => p.replace('{cap}', capLabel)),
  };
}

/** Input bounds for top-up plans (fen and counts), shared by the console form and the server's checks. */
export const TOPUP_PLAN_LIMITS = {
  payFen: { min: 100, max: 5_000_000 },
  bonusFen: { min: 0, max: 5_000_000 },
  perMemberLimit: { min: 1, max: 1000 },
  sortOrder: { min: 0, max: 9999 },
  nameChars: 30,
} as const;
