import type { CouponTemplateInput } from '@member/shared';
import { couponTemplateBody } from '../fixtures/coupon-template';
import { bearer, type TestServer } from './support';

let seq = 0;
export const requestId = (prefix = 'R') => `${prefix}${Date.now().toString(36)}${++seq}`;

/** A template with sensible defaults (满 ¥100 减 ¥20, 7 days, 1 per member, unlimited stock), activated. */
export async function activeTemplate(
  s: TestServer,
  adminToken: string,
  over: Partial<CouponTemplateInput> = {},
): Promise<{ id: number; version: number }> {
  const body = couponTemplateBody(over);
  const created = await s.http.post('/api/v1/admin/coupon-templates').set(bearer(adminToken)).send(body);
  if (created.status !== 201) throw new Error(`template: ${created.status} ${JSON.stringify(created.body)}`);
  const active = await s.http
    .post(`/api/v1/admin/coupon-templates/${created.body.id}/status`)
    .set(bearer(adminToken))
    .send({ status: 'ACTIVE' });
  if (active.status !== 200) throw new Error(`activate: ${active.status} ${JSON.stringify(active.body)}`);
  return { id: active.body.id, version: active.body.version };
}

export async function claim(s: TestServer, memberToken: string, templateId: number, id = requestId()) {
  return s.http.post('/api/v1/me/coupons/claims').set(bearer(memberToken)).send({ templateId, requestId: id });
}
