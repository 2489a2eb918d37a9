import type {
  EventCard,
  EventCheckinRequest,
  EventCheckinResult,
  EventCounters,
  EventDetail,
  EventQuery,
  EventSignupRequest,
  EventSignupResult,
  EventWalkInRequest,
  MyEventItem,
  MyEventQuery,
  Page,
  StaffEventToday,
} from '@member/shared';
import { request } from './request';

// The member and staff sides of member events (shared/src/contracts/events.ts): 活动, 我的活动, 活动签到.

/** "?a=1&b=x" from the set values (encoded); "" when none is set. */
function queryString(query: object): string {
  const parts = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

export const eventsApi = {
  list: (query: EventQuery = {}) =>
    request<Page<EventCard>>(`/api/v1/events${queryString({ pageSize: 20, ...query })}`),
  detail: (id: number) => request<EventDetail>(`/api/v1/events/${id}`),
  // Idempotent by requestId: a retry after a lost answer sends the same id and gets the first sign-up.
  signUp: (eventId: number, body: EventSignupRequest) =>
    request<EventSignupResult>(`/api/v1/me/events/${eventId}/signups`, { method: 'POST', data: body }),
  // With sessions the cancellation names the session whose sign-up it ends.
  cancel: (eventId: number, requestId: string, sessionId?: number | null) =>
    request<EventSignupResult>(`/api/v1/me/events/${eventId}/signups/cancel`, {
      method: 'POST',
      data: sessionId ? { requestId, sessionId } : { requestId },
    }),
  // 去支付: the sign-up waiting for its cash fee, with freshly signed WeChat Pay parameters.
  pay: (eventId: number) => request<EventSignupResult>(`/api/v1/me/events/${eventId}/signups/pay`, { method: 'POST' }),
  mine: (query: MyEventQuery = {}) =>
    request<Page<MyEventItem>>(`/api/v1/me/events${queryString({ pageSize: 20, ...query })}`),
};

export const staffEventsApi = {
  today: () => request<StaffEventToday[]>('/api/v1/staff/events/today', { auth: 'staff' }),
  counters: (eventId: number, sessionId?: number | null) =>
    request<EventCounters>(
      `/api/v1/staff/events/${eventId}/counters${queryString({ sessionId: sessionId ?? undefined })}`,
      { auth: 'staff' },
    ),
  // Once per ticket: a repeat answers the first check-in with duplicate: true (重复签到).
  checkin: (body: EventCheckinRequest) =>
    request<EventCheckinResult>('/api/v1/staff/events/checkins', { method: 'POST', data: body, auth: 'staff' }),
  walkIn: (eventId: number, body: EventWalkInRequest) =>
    request<EventCheckinResult>(`/api/v1/staff/events/${eventId}/walk-ins`, {
      method: 'POST',
      data: body,
      auth: 'staff',
    }),
};
