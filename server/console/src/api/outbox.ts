// Typed wrappers for the 任务队列 (outbox) admin API (contracts: @member/shared outbox).
import type { OutboxItem, OutboxKind, OutboxQuery, Page } from '@member/shared';
import { apiRequest } from './client';

export const outboxApi = {
  list: (query: OutboxQuery) => apiRequest<Page<OutboxItem>>('/admin/outbox', { query: { ...query } }),
  kinds: () => apiRequest<OutboxKind[]>('/admin/outbox/kinds'),
  /** A failed or dead item back to pending now (admin, operator); audited. */
  retry: (id: number) => apiRequest<OutboxItem>(`/admin/outbox/${id}/retry`, { method: 'POST' }),
};
