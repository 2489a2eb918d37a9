import {
  NOTICE_REASON_LABELS,
  NOTICE_STATUS_LABELS,
  type NoticeAdmin,
  type NoticeCategory,
  type NoticeStatus,
} from '@member/shared';

export const NOTICE_CATEGORY_LABELS: Record<NoticeCategory, string> = { SERVICE: '服务', MARKETING: '营销' };
export const NOTICE_CATEGORY_COLORS: Record<NoticeCategory, string> = { SERVICE: 'blue', MARKETING: 'magenta' };

export const NOTICE_STATUS_COLORS: Record<NoticeStatus, string> = {
  PLANNED: 'default',
  DEFERRED: 'gold',
  SENDING: 'processing',
  SENT: 'success',
  SKIPPED: 'default',
  FAILED: 'error',
  UNKNOWN: 'warning',
};

// WeChat's errcodes in words, as the engine handles them (wechat.md §3.4).
const ERRCODE_LABELS: Record<number, string> = {
  43101: '用户未订阅或次数已用完',
  47003: '模板数据格式不符',
  40037: '模板 ID 无效',
  41030: '跳转页面无效',
  40003: 'openid 无效',
  45009: '超出接口调用频率',
  45011: '调用过于频繁',
  40001: 'access_token 无效',
  42001: 'access_token 已过期',
  [-1]: '微信系统繁忙',
};

/** Why a notice is where it is, in words: the reason for skipped/deferred, the errcode for failed. */
export function noticeWhy(n: Pick<NoticeAdmin, 'reason' | 'errcode'>): string {
  const parts: string[] = [];
  if (n.reason) parts.push(NOTICE_REASON_LABELS[n.reason] ?? n.reason);
  if (n.errcode != null)
    parts.push(`微信错误 ${n.errcode}${ERRCODE_LABELS[n.errcode] ? `：${ERRCODE_LABELS[n.errcode]}` : ''}`);
  return parts.join('；');
}

export { NOTICE_REASON_LABELS, NOTICE_STATUS_LABELS };
