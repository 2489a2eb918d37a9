import type { StaffCheckout } from '@member/shared';
import { bearer, type TestServer } from './support';

/** A fresh code from the member's card (60 s, single use). */
export async function cardCode(s: TestServer, memberToken: string): Promise<string> {
  return (await s.http.get('/api/v1/me/card').set(bearer(memberToken)).expect(200)).body.code as string;
}

/** What the counter does on a scan: the member's card code opens a checkout for this clerk. */
export async function openCheckout(s: TestServer, staffToken: string, memberToken: string): Promise<StaffCheckout> {
  const memberCode = await cardCode(s, memberToken);
  return (await s.http.post('/api/v1/staff/checkouts').set(bearer(staffToken)).send({ memberCode }).expect(201))
    .body as StaffCheckout;
}

/** The id of a new checkout for the member at the clerk's counter. */
export async function checkoutId(s: TestServer, staffToken: string, memberToken: string): Promise<number> {
  return (await openCheckout(s, staffToken, memberToken)).checkoutId;
}
