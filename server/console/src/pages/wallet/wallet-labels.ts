import type { PayAnomalyKind, PayAnomalyStatus, TopupPlanStatus, TopupStatus } from '@member/shared';

// Console wording for stored-value states (shared has none for them; the member side words its own).

/** ProTable valueEnum with Badge colours. */
export const PLAN_STATUS_ENUM: Record<TopupPlanStatus, { text: string; status: string }> = {
  DRAFT: { text: '草稿', status: 'Default' },
  ACTIVE: { text: '售卖中', status: 'Success' },
  PAUSED: { text: '已暂停', status: 'Warning' },
  ENDED: { text: '已结束', status: 'Error' },
};

/** Moves an operator may make from each status (the server's: DRAFT→ACTIVE, ACTIVE↔PAUSED, →ENDED). */
export const PLAN_MOVES: Record<TopupPlanStatus, { to: TopupPlanStatus; label: string }[]> = {
  DRAFT: [
    { to: 'ACTIVE', label: '上架' },
    { to: 'ENDED', label: '结束' },
  ],
  ACTIVE: [
    { to: 'PAUSED', label: '暂停' },
    { to: 'ENDED', label: '结束' },
  ],
  PAUSED: [
    { to: 'ACTIVE', label: '上架' },
    { to: 'ENDED', label: '结束' },
  ],
  ENDED: [],
};

export const TOPUP_STATUS_ENUM: Record<TopupStatus, { text: string; status: string }> = {
  NOTPAY: { text: '待支付', status: 'Processing' },
  PAID: { text: '已到账', status: 'Success' },
  CLOSED: { text: '已关闭', status: 'Default' },
  REFUNDED: { text: '已退款', status: 'Warning' },
};

export const CONFIRMED_BY_LABELS: Record<'NOTIFY' | 'QUERY', string> = {
  NOTIFY: '通知',
  QUERY: '查询',
};

export const ANOMALY_KIND_LABELS: Record<PayAnomalyKind, string> = {
  AMOUNT_MISMATCH: '金额不符',
  MCHID_MISMATCH: '商户号不符',
  APPID_MISMATCH: 'AppID 不符',
  UNKNOWN_ORDER: '未知订单',
  PAID_AFTER_CLOSE: '关闭后支付',
  OVER_CAP: '超出储值上限',
  REFUND_ABNORMAL: '退款异常',
  RECON_UNKNOWN_TRADE: '对账：我方无此订单',
  RECON_NOT_CREDITED: '对账：微信已收款未入账',
  RECON_NOT_AT_WECHAT: '对账：微信账单无此笔',
  RECON_AMOUNT_DIFF: '对账：金额不符',
};

/** What each kind means for the operator handling it (shown in the 处理 dialog). */
export const ANOMALY_KIND_HELP: Record<PayAnomalyKind, string> = {
  AMOUNT_MISMATCH:
    '微信支付通知的金额与订单金额不一致，未入账。请在微信支付商户平台核对该笔交易后处理（通常为原路退款）。',
  MCHID_MISMATCH: '通知中的商户号不是本商户，未入账。请核对商户配置，确认无误后记录处理结果。',
  APPID_MISMATCH: '通知中的 AppID 与本小程序不一致，未入账。请核对商户配置，确认无误后记录处理结果。',
  UNKNOWN_ORDER: '收到的支付找不到对应订单，未入账。请在商户平台查询该笔交易，必要时原路退款。',
  PAID_AFTER_CLOSE: '订单关闭后会员仍完成了支付，款项已入账到会员储值余额。请确认会员知情，如需退款请走退款流程。',
  OVER_CAP: '入账后会员余额超出储值上限，款项已入账。请联系会员说明，必要时退还超出部分的本金。',
  REFUND_ABNORMAL:
    '微信支付报告本金退款异常（如会员微信账户被冻结或已注销），退款金额已从会员储值中扣除但未到账。请在商户平台核实后线下退还会员，并记录处理结果。',
  RECON_UNKNOWN_TRADE:
    '微信支付账单中有这笔收款，但本系统没有对应的充值订单，未入账。请在商户平台核实该笔交易，必要时原路退款。',
  RECON_NOT_CREDITED:
    '微信支付账单显示已收款，本系统订单仍未支付，且对账时向微信查询未能确认（查询失败或状态不符）。请在充值订单中点击向微信查询，确认后再处理。',
  RECON_NOT_AT_WECHAT:
    '本系统记为已到账的充值，不在微信支付当天的交易账单中。请在商户平台按商户订单号核实；若微信确无此笔，需冲正会员储值。',
  RECON_AMOUNT_DIFF: '微信支付账单中的金额（或微信支付单号）与本系统订单不一致。请在商户平台核对后处理。',
};

export const ANOMALY_STATUS_ENUM: Record<PayAnomalyStatus, { text: string; status: string }> = {
  OPEN: { text: '待处理', status: 'Error' },
  RESOLVED: { text: '已处理', status: 'Success' },
};
