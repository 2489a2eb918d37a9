import { FOLLOW_UP_STATUS_LABELS, type FollowUpStatus, type SurveyAdmin } from '@member/shared';

export function targetText(s: SurveyAdmin): string {
  const t = s.target;
  if (!t) return '—';
  if (t.kind === 'ALL') return `全部会员（${s.audience} 人）`;
  if (t.kind === 'TIER') return `${t.tierName}会员（${s.audience} 人）`;
  return `指定会员 ${t.count} 人`;
}

export const FOLLOW_UP_STATUS_ENUM: Record<FollowUpStatus, { text: string; status: string }> = {
  OPEN: { text: FOLLOW_UP_STATUS_LABELS.OPEN, status: 'Error' },
  IN_PROGRESS: { text: FOLLOW_UP_STATUS_LABELS.IN_PROGRESS, status: 'Processing' },
  RESOLVED: { text: FOLLOW_UP_STATUS_LABELS.RESOLVED, status: 'Success' },
};
