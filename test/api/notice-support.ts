import type { NoticeKind, NoticeMoment } from '@member/shared';
import { DataSource } from 'typeorm';
import { TransactionRunner } from '../../server/src/database/transaction-runner';
import type { NoticeFacts } from '../../server/src/modules/notices/notice-builders';
import { sampleFacts } from '../../server/src/modules/notices/notice-samples';
import { NoticeSender } from '../../server/src/modules/notices/notice-sender.service';
import { NoticesService } from '../../server/src/modules/notices/notices.service';
import { bearer, type TestServer } from './support';

export const TEMPLATE: Record<NoticeKind, string> = {
  BIRTHDAY: 'mI7jbQjS6PEjxyxVKS84ZWxHG0LvZho06ptaInmoWT8',
  POINTS_EXPIRING: 'wBsDOd_qdLR37RbpWc_J5FelUsEKPYxx47SsE2SiLO0',
  COUPON_EXPIRING: 'G35CwG9kSkIkJmJkkKX7ICPDS5JTc5A8w1C30MY76OQ',
  EVENT_REMINDER: 'hV3kQm8TzLr2pX9wYc4NbE7uJ1sA6dGfK0oPiRqWtZx',
  EVENT_WAITLIST_PROMOTED: 'Wq7nB2xLkP5sR8tYvC3mZ6dF9gH1jK4aE0uIoNpQrSw',
  TIER_UP: '2L3jmT-6HM8CfHdV5GOS8grIuvYt-ZfyUnm-698zaKU',
  TOPUP_CREDITED: 'Pk2-ijQvxO6kXfhSfoghSIiXP3yYrOf4U2agQ_UCUhQ',
  MALL_PICKUP_READY: 'Pr4cK9uPzR2eAdY7bL1mX5nQ8wT3vS6gH0jF2kE9oIu',
  FEEDBACK_REQUEST: 'Fb8dR3qWzE6tY1uI4oP7aS2dF5gH9jK0lZxC3vB6nM1',
  WIN_BACK: 'Wb2kL7mN4pQ9rS1tU6vW3xY8zA5bC0dE7fG2hI4jK9l',
};

const MOMENT_OF: Partial<Record<NoticeKind, NoticeMoment>> = {
  COUPON_EXPIRING: 'COUPON_CLAIMED',
  POINTS_EXPIRING: 'POINTS_PAGE',
  TOPUP_CREDITED: 'TOPUP_PAID',
  MALL_PICKUP_READY: 'MALL_REDEEMED',
};

/** The member taps 允许 in the popup: WeChat (sandbox) records the grant, and the app reports it to us. */
export async function accept(s: TestServer, m: { openid: string; token: string }, kind: NoticeKind, times = 1) {
  for (let i = 0; i < times; i++) {
    const templateIds = [TEMPLATE[kind]];
    const { body } = await s.http
      .post('/sandbox/wx/subscribe')
      .send({ openid: m.openid, templateIds, result: 'accept' });
    await s.http
      .post('/api/v1/me/notices/subscriptions')
      .set(bearer(m.token))
      .send({ moment: MOMENT_OF[kind] ?? 'EVENT_SIGNED_UP', results: body })
      .expect(200);
  }
}

export async function plan<K extends NoticeKind>(
  s: TestServer,
  kind: K,
  memberId: number,
  opts: { dedupeKey?: string; dueAt?: Date; sendBy?: Date | null; facts?: NoticeFacts[K] } = {},
): Promise<number> {
  const notices = s.app.get(NoticesService);
  const now = s.clock.now();
  const dedupeKey = opts.dedupeKey ?? `t:${Math.random().toString(36).slice(2)}`;
  await s.app.get(TransactionRunner).run((em) =>
    notices.plan(em, {
      kind,
      memberId,
      dedupeKey,
      dueAt: opts.dueAt ?? now,
      sendBy: opts.sendBy ?? null,
      facts: opts.facts ?? (sampleFacts(now)[kind] as NoticeFacts[K]),
    }),
  );
  const [row] = (await s.app
    .get(DataSource)
    .query('SELECT id FROM notice WHERE kind = ? AND member_id = ? AND dedupe_key = ?', [
      kind,
      memberId,
      dedupeKey,
    ])) as {
    id: number;
  }[];
  return Number(row.id);
}

export const drain = (s: TestServer) => s.app.get(NoticeSender).drain();

export async function notice(s: TestServer, id: number) {
  const [row] = (await s.app.get(DataSource).query('SELECT * FROM notice WHERE id = ?', [id])) as Record<
    string,
    unknown
  >[];
  return row as {
    status: string;
    reason: string | null;
    errcode: number | null;
    due_at: Date | string;
    attempts: number;
    data_json: string;
  };
}

export async function inbox(s: TestServer, openid: string) {
  return (await s.http.get('/sandbox/wx/messages').query({ openid }).expect(200)).body as {
    templateId: string;
    title: string;
    page?: string;
    data: Record<string, string>;
    lines: string[];
  }[];
}

export async function remaining(s: TestServer, token: string, kind: NoticeKind): Promise<number> {
  const { body } = await s.http.get('/api/v1/me/notices/subscriptions').set(bearer(token)).expect(200);
  return body.items.find((i: { kind: NoticeKind }) => i.kind === kind).remaining;
}

export async function fault(s: TestServer, errcode: number, times = 1) {
  await s.http.post('/sandbox/wx/faults').send({ api: 'subscribe_send', errcode, times }).expect(200);
}
