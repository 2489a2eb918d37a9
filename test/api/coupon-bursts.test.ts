import { PRIVACY_POLICY_VERSION } from '@member/shared';
import { DataSource } from 'typeorm';
import { TokenService } from '../../server/src/modules/auth/token.service';
import { checkCouponInvariants } from '../../server/src/modules/coupons/coupon-invariants';
import { activeTemplate } from './coupon-support';
import { loginOperator, startTestServer, type TestServer } from './support';
/* eslint-disable @typescript-eslint/no-require-imports */
const { httpClient } = require('../load/http.cjs') as {
  httpClient: (
    base: string,
    maxSockets: number,
  ) => {
    send: (m: string, p: string, b: unknown, t: string) => Promise<{ status: number; body: { code?: string } | null }>;
    close: () => void;
  };
};
const { insertMembers } = require('../load/bulk-members.cjs') as {
  insertMembers: (
    q: (sql: string, p?: unknown[]) => Promise<unknown>,
    o: { count: number; privacyVersion: string },
  ) => Promise<{ id: number; memberNo: string }[]>;
};
/* eslint-enable @typescript-eslint/no-require-imports */

// Claims in a burst on MariaDB (row locks, not SQLite's one writer): 2,000 members each send 2 claims at
// once for a template with 500 in stock and a limit of 1 → exactly 500 issued, nobody above 1.
const mariadb = /^mysql|^mariadb/.test(process.env.DATABASE_URL ?? '');
(mariadb ? describe : describe.skip)('coupons: claim bursts (MariaDB)', () => {
  let s: TestServer;
  let admin: string;
  let ds: DataSource;
  beforeAll(async () => {
    s = await startTestServer();
    admin = await loginOperator(s);
    ds = s.app.get(DataSource);
  });
  afterAll(() => s.close());

  it('2,000 members × 2 claims at once for 500 in stock, limit 1: exactly 500, none above 1 per member', async () => {
    const t = await activeTemplate(s, admin, { totalStock: 500, perMemberLimit: 1 });
    const people = await insertMembers((sql, p) => ds.query(sql, p), {
      count: 2000,
      privacyVersion: PRIVACY_POLICY_VERSION,
    });
    const tokens = s.app.get(TokenService);
    const claims = people.flatMap((m) =>
      [0, 1].map((k) => ({ token: tokens.signMember(m.id), rid: `burst-${m.id}-${k}` })),
    );
    // All sent at once over 256 keep-alive sockets (4,000 fresh connections would overflow the listen backlog).
    const http = httpClient(s.url, 256);
    const started = Date.now();
    const answers = await Promise.all(
      claims.map(async (c) => {
        const res = await http.send(
          'POST',
          '/api/v1/me/coupons/claims',
          { templateId: t.id, requestId: c.rid },
          c.token,
        );
        return `${res.status} ${res.status === 201 ? 'issued' : res.body?.code}`;
      }),
    );
    http.close();
    const tally = answers.reduce<Record<string, number>>((m, a) => ({ ...m, [a]: (m[a] ?? 0) + 1 }), {});
    console.log(`claim burst: ${claims.length} claims in ${Date.now() - started} ms → ${JSON.stringify(tally)}`);

    expect(tally['201 issued']).toBe(500);
    expect(
      Object.keys(tally).filter((k) => !/^(201 issued|409 COUPON_SOLD_OUT|409 COUPON_LIMIT_REACHED)$/.test(k)),
    ).toEqual([]);
    const [{ n }] = await ds.query('SELECT COUNT(*) AS n FROM coupon WHERE template_id = ?', [t.id]);
    expect(Number(n)).toBe(500);
    const [{ most }] = await ds.query(
      'SELECT MAX(k) AS most FROM (SELECT COUNT(*) AS k FROM coupon WHERE template_id = ? GROUP BY member_id) x',
      [t.id],
    );
    expect(Number(most)).toBe(1);
    const [tpl] = await ds.query('SELECT issued FROM coupon_template WHERE id = ?', [t.id]);
    expect(Number(tpl.issued)).toBe(500);
    expect((await checkCouponInvariants((sql, p) => ds.query(sql, p))).violations).toEqual([]);
  }, 180_000);
});
