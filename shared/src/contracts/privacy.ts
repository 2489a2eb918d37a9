import type { IsoTime, PageQuery } from './common';

// Member data rights (PIPL): consents with their history, "我的数据" export, account deletion (注销).

export type ConsentKind = 'privacy' | 'marketing';

export const CONSENT_KIND_LABELS: Record<ConsentKind, string> = {
  privacy: '隐私政策',
  marketing: '营销授权',
};

/** One row of the append-only consent history. */
export interface ConsentRecord {
  kind: ConsentKind;
  version: string;
  granted: boolean;
  at: IsoTime;
}

/** Where a consent stands now: the latest record of its kind. */
export interface ConsentState {
  granted: boolean;
  version: string | null;
  at: IsoTime | null;
  /** Granted for the version in force (what the member card needs for the privacy policy). */
  current: boolean;
}

/**
 * cooling_off: requested, within the cooling-off period (the member may cancel)
 * pending: the cooling-off period is over; erased by the daily job or an operator
 * erased: personal data erased; financial records kept under an anonymous id
 * cancelled: the member cancelled it · rejected: an operator refused it, with a reason
 */
export type DeletionStatus = 'cooling_off' | 'pending' | 'erased' | 'cancelled' | 'rejected';

export const DELETION_STATUSES: DeletionStatus[] = ['pending', 'cooling_off', 'erased', 'rejected', 'cancelled'];

export const DELETION_STATUS_LABELS: Record<DeletionStatus, string> = {
  pending: '待处理',
  cooling_off: '冷静期中',
  erased: '已注销',
  rejected: '已驳回',
  cancelled: '已撤销',
};

export interface MemberDeletionState {
  id: number;
  status: DeletionStatus;
  requestedAt: IsoTime;
  /** End of the cooling-off period: erasure happens after it. */
  dueAt: IsoTime;
  decidedAt: IsoTime | null;
  rejectReason: string | null;
}

export interface PrivacySettings {
  coolingOffDays: number;
  exportLinkMinutes: number;
}

// GET /api/v1/me/privacy — also the answer of the consent and deletion calls below
export interface PrivacyOverview {
  currentPrivacyVersion: string;
  currentMarketingVersion: string;
  privacy: ConsentState;
  marketing: ConsentState;
  /** Newest first. */
  history: ConsentRecord[];
  /** The latest deletion request, if any. */
  deletion: MemberDeletionState | null;
  settings: PrivacySettings;
}

// POST /api/v1/me/consents — grant or withdraw; `version` is the text the member saw
export interface ConsentChangeRequest {
  kind: ConsentKind;
  granted: boolean;
  version: string;
}

// POST /api/v1/me/data-export — a signed link to the xlsx, valid for settings.exportLinkMinutes
export interface DataExportLink {
  /** Path on the API origin, e.g. /api/v1/data-exports/<token>; no login needed while it is valid. */
  url: string;
  fileName: string;
  expiresAt: IsoTime;
}

// POST /api/v1/me/deletion-request — `code` is a wx.login code taken right now (fresh confirmation)
export interface DeletionRequestCreate {
  code: string;
}
// DELETE /api/v1/me/deletion-request — cancels during the cooling-off period

// GET /api/v1/admin/deletion-requests?status=&q=&page=&pageSize=   (…/export for CSV of the same filter)
export interface DeletionRequestQuery extends PageQuery {
  status?: DeletionStatus;
  /** Whole member no. (or anonymous id after erasure). */
  q?: string;
}
export interface AdminDeletionRequest extends MemberDeletionState {
  memberId: number;
  /** The member no. while the member exists; the anonymous id once erased. */
  memberNo: string;
  /** null once erased. */
  nickname: string | null;
  anonymousId: string | null;
  decidedBy: string | null;
}
// POST /api/v1/admin/deletion-requests/:id/process (only after the cooling-off period)
// POST /api/v1/admin/deletion-requests/:id/reject
export interface DeletionRejectRequest {
  reason: string;
}

// GET /api/v1/admin/members/:id/privacy
export interface AdminMemberPrivacy {
  privacy: ConsentState;
  marketing: ConsentState;
  history: ConsentRecord[];
  deletion: MemberDeletionState | null;
}
