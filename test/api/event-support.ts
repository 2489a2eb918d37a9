import type { EventAdmin, EventInput } from '@member/shared';
import { DataSource } from 'typeorm';
import { LedgerService } from '../../server/src/ledger/ledger.service';
import { checkLedgerInvariants } from '../../server/src/ledger/ledger-invariants';
import { checkEventInvariants } from '../../server/src/modules/events/event-invariants';
import { bearer, type TestServer } from './support';

let seq = 0;
export const rid = (prefix = 'E') => `${prefix}${Date.now().toString(36)}${++seq}`;

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * An event body for tests, timed from the server's clock: sign-up open now until 1 day ahead, the event
 * 2 days ahead for 2 hours, cancellable until 1 day ahead; free, 10 seats, 2 companions, no reward.
 */
export function eventBody(s: TestServer, storeId: number, over: Partial<EventInput> = {}): EventInput {
  const now = s.clock.nowMs();
  return {
    title: `测试活动${++seq}`,
    posterIds: [],
    description: '到店参加',
    storeId,
    address: null,
    startsAt: iso(now + 48 * HOUR),
    endsAt: iso(now + 50 * HOUR),
    signupStartsAt: iso(now - HOUR),
    signupEndsAt: iso(now + 24 * HOUR),
    capacity: 10,
    tierCodes: null,
    feeKind: 'FREE',
    feePoints: 0,
    feeFen: 0,
    maxCompanions: 2,
    cancelDeadline: iso(now + 24 * HOUR),
    rewardPoints: 0,
    rewardCouponTemplateId: null,
    ...over,
  };
}

/** Creates an event and publishes it; answers the operator's view. */
export async function publishedEvent(s: TestServer, admin: string, body: EventInput): Promise<EventAdmin> {
  const created = await s.http.post('/api/v1/admin/events').set(bearer(admin)).send(body);
  if (created.status !== 201) throw new Error(`event: ${created.status} ${JSON.stringify(created.body)}`);
  const live = await s.http
    .post(`/api/v1/admin/events/${created.body.id}/publish`)
    .set(bearer(admin))
    .send({ version: created.body.version });
  if (live.status !== 200) throw new Error(`publish: ${live.status} ${JSON.stringify(live.body)}`);
  return live.body;
}

export const signUp = (s: TestServer, token: string, eventId: number, body: Record<string, unknown> = {}) =>
  s.http
    .post(`/api/v1/me/events/${eventId}/signups`)
    .set(bearer(token))
    .send({ companions: 0, requestId: rid(), ...body });

export const cancelSignup = (s: TestServer, token: string, eventId: number, requestId = rid('C')) =>
  s.http.post(`/api/v1/me/events/${eventId}/signups/cancel`).set(bearer(token)).send({ requestId });

export const checkIn = (s: TestServer, staffToken: string, code: string, extra: Record<string, unknown> = {}) =>
  s.http
    .post('/api/v1/staff/events/checkins')
    .set(bearer(staffToken))
    .send({ code, requestId: rid('K'), ...extra });

/** A test stand-in for earned points (a credit through the ledger, as a purchase would post). */
export async function givePoints(s: TestServer, memberId: number, amount: number): Promise<void> {
  const ledger = s.app.get(LedgerService);
  const account = await ledger.openAccount(null, memberId, 'POINTS');
  await ledger.credit(null, {
    accountId: account.id,
    amount,
    bizType: 'TEST_GRANT',
    bizId: rid('grant'),
    reason: '测试积分',
  });
}

export async function pointsOf(s: TestServer, memberId: number): Promise<number> {
  return (await s.app.get(LedgerService).available(memberId, 'POINTS')).balance;
}

/** The events' and the ledger's invariant checkers, both clean. */
export async function expectEventInvariants(s: TestServer): Promise<void> {
  const ds = s.app.get(DataSource);
  expect((await checkEventInvariants((sql, p) => ds.query(sql, p))).violations).toEqual([]);
  expect((await checkLedgerInvariants(ds)).violations).toEqual([]);
}
