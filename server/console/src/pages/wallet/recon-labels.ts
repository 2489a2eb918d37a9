import type { ReconItemStatus, ReconRunStatus } from '@member/shared';

export const RECON_RUN_STATUS: Record<ReconRunStatus, { text: string; color: string }> = {
  RUNNING: { text: '对账中', color: 'processing' },
  BALANCED: { text: '已平', color: 'success' },
  MISMATCHED: { text: '有差异', color: 'error' },
  FAILED: { text: '失败', color: 'warning' },
};

export const RECON_ITEM_STATUS: Record<ReconItemStatus, { text: string; color: string; help: string }> = {
  MATCHED: { text: '一致', color: 'success', help: '微信账单与本系统订单一致' },
  REPAIRED: { text: '掉单已补', color: 'blue', help: '微信已收款、本系统未到账的订单，对账时已按微信查询结果入账' },
  MISSING_HERE: { text: '本系统缺失', color: 'error', help: '微信账单中有这笔收款，本系统没有对应的已到账订单' },
  MISSING_AT_WECHAT: { text: '微信账单缺失', color: 'error', help: '本系统已到账，微信当天账单中没有这笔' },
  AMOUNT_MISMATCH: { text: '金额不符', color: 'error', help: '双方金额或微信支付单号不一致' },
};

/** Item filters of a run: problems first. */
export const RECON_ITEM_TABS: { key: ReconItemStatus | 'all'; tab: string }[] = [
  { key: 'all', tab: '全部' },
  { key: 'MISSING_HERE', tab: '本系统缺失' },
  { key: 'MISSING_AT_WECHAT', tab: '微信账单缺失' },
  { key: 'AMOUNT_MISMATCH', tab: '金额不符' },
  { key: 'REPAIRED', tab: '掉单已补' },
  { key: 'MATCHED', tab: '一致' },
];
