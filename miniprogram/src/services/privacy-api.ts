import type {
  ConsentChangeRequest,
  DataExportLink,
  DeletionRequestCreate,
  MemberProfile,
  PrivacyConsentRequest,
  PrivacyOverview,
} from '@member/shared';
import { request } from './request';

// The member's data rights (contracts in shared/src/contracts/privacy.ts).
export const privacyApi = {
  overview: () => request<PrivacyOverview>('/api/v1/me/privacy'),
  /** The launch prompt's 同意: answers the profile, so the session's member updates at once. */
  acceptPolicy: (body: PrivacyConsentRequest) =>
    request<MemberProfile>('/api/v1/me/privacy-consent', { method: 'POST', data: body }),
  changeConsent: (body: ConsentChangeRequest) =>
    request<PrivacyOverview>('/api/v1/me/consents', { method: 'POST', data: body }),
  exportData: () => request<DataExportLink>('/api/v1/me/data-export', { method: 'POST' }),
  requestDeletion: (body: DeletionRequestCreate) =>
    request<PrivacyOverview>('/api/v1/me/deletion-request', { method: 'POST', data: body }),
  cancelDeletion: () => request<PrivacyOverview>('/api/v1/me/deletion-request', { method: 'DELETE' }),
};
