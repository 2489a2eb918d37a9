// /api/v1/admin/events routes (contract: @member/shared contracts/events).
import type {
  EventAdmin,
  EventAdminQuery,
  EventCounters,
  EventInput,
  EventSignupAdmin,
  EventSignupAdminQuery,
  Page,
  PageQuery,
} from '@member/shared';
import { apiRequest, downloadFile } from './client';

export type EventSignupFilters = Omit<EventSignupAdminQuery, keyof PageQuery>;

export const eventsApi = {
  list: (query: EventAdminQuery) => apiRequest<Page<EventAdmin>>('/admin/events', { query: { ...query } }),
  get: (id: number) => apiRequest<EventAdmin>(`/admin/events/${id}`),
  create: (body: EventInput) => apiRequest<EventAdmin>('/admin/events', { method: 'POST', body }),
  /** Guarded by `version`: a concurrent edit answers EVENT_VERSION_CONFLICT. */
  update: (id: number, body: EventInput & { version: number }) =>
    apiRequest<EventAdmin>(`/admin/events/${id}`, { method: 'PUT', body }),
  publish: (id: number, version: number) =>
    apiRequest<EventAdmin>(`/admin/events/${id}/publish`, { method: 'POST', body: { version } }),
  close: (id: number, version: number) =>
    apiRequest<EventAdmin>(`/admin/events/${id}/close`, { method: 'POST', body: { version } }),
  /** Refunds every points fee and tells everyone (reason audited and sent to members). */
  cancel: (id: number, version: number, reason: string) =>
    apiRequest<EventAdmin>(`/admin/events/${id}/cancel`, { method: 'POST', body: { version, reason } }),
  counters: (id: number) => apiRequest<EventCounters>(`/admin/events/${id}/counters`),
};

export const eventSignupsApi = {
  list: (id: number, query: EventSignupAdminQuery) =>
    apiRequest<Page<EventSignupAdmin>>(`/admin/events/${id}/signups`, { query: { ...query } }),
  /** CSV of exactly what the filters show (the server writes it with a BOM and audits the export). */
  exportCsv: (id: number, query: EventSignupFilters, fileName: string) =>
    downloadFile(`/admin/events/${id}/signups.csv`, { ...query }, fileName),
};
