import type {
  CouponBatchStatus,
  CouponSource,
  CouponStatus,
  CouponTemplateStatus,
  CouponTrigger,
} from '@member/shared';

// Console wording for coupon states (shared has the kind labels; these are the console's own).

export const TEMPLATE_STATUS_LABELS: Record<CouponTemplateStatus, string> = {
  DRAFT: '草稿',
  ACTIVE: '发放中',
  PAUSED: '已暂停',
  ENDED: '已结束',
};

/** ProTable valueEnum with Badge colours. */
export const TEMPLATE_STATUS_ENUM: Record<CouponTemplateStatus, { text: string; status: string }> = {
  DRAFT: { text: '草稿', status: 'Default' },
  ACTIVE: { text: '发放中', status: 'Success' },
  PAUSED: { text: '已暂停', status: 'Warning' },
  ENDED: { text: '已结束', status: 'Error' },
};

export const TRIGGER_LABELS: Record<CouponTrigger, string> = {
  CLAIM: '领券中心领取',
  NEW_MEMBER: '新人礼',
  BIRTHDAY: '生日礼',
  TIER_UP: '升级礼',
  MANUAL: '仅手动发放',
};

export const TRIGGER_HELP: Record<CouponTrigger, string> = {
  CLAIM: '会员在领券中心自行领取，受库存、每人限领和领取时间限制',
  NEW_MEMBER: '会员开卡时自动发放一张',
  BIRTHDAY: '会员生日当天自动发放，每人每年一张',
  TIER_UP: '会员升到所选等级时自动发放，同一等级 365 天内一张',
  MANUAL: '不公开领取，只通过批量发券发给指定会员',
};

export const COUPON_STATUS_ENUM: Record<CouponStatus, { text: string; status: string }> = {
  USABLE: { text: '可使用', status: 'Success' },
  GIFTING: { text: '转赠中', status: 'Processing' },
  USED: { text: '已使用', status: 'Default' },
  EXPIRED: { text: '已过期', status: 'Warning' },
  VOID: { text: '已作废', status: 'Error' },
};

export const COUPON_SOURCE_LABELS: Record<CouponSource, string> = {
  CLAIM: '领券中心',
  NEW_MEMBER: '新人礼',
  BIRTHDAY: '生日礼',
  TIER_UP: '升级礼',
  BATCH: '批量发券',
  GIFT: '好友转赠',
  TOPUP: '充值赠券',
  MALL: '积分兑换',
  EVENT: '活动签到奖励',
};

export const BATCH_STATUS_ENUM: Record<CouponBatchStatus, { text: string; status: string }> = {
  RUNNING: { text: '发放中', status: 'Processing' },
  DONE: { text: '已完成', status: 'Success' },
  STOPPED: { text: '已停止', status: 'Warning' },
};

/** Moves an operator may make from each status (the server's MOVES), with the button wording. */
export const TEMPLATE_MOVES: Record<CouponTemplateStatus, { to: CouponTemplateStatus; label: string }[]> = {
  DRAFT: [
    { to: 'ACTIVE', label: '启用' },
    { to: 'ENDED', label: '结束' },
  ],
  ACTIVE: [
    { to: 'PAUSED', label: '暂停' },
    { to: 'ENDED', label: '结束' },
  ],
  PAUSED: [
    { to: 'ACTIVE', label: '启用' },
    { to: 'ENDED', label: '结束' },
  ],
  ENDED: [],
};
