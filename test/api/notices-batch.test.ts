import { PRIVACY_POLICY_VERSION } from '@member/shared';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../server/src/config/app-config';
import { NoticeBatches } from '../../server/src/modules/notices/notice-batches.service';
import { NoticeSender } from '../../server/src/modules/notices/notice-sender.service';
import { TEMPLATE } from './notice-support';
import { startTestServer, type TestServer } from './support';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { insertMembers } = require('../load/bulk-members.cjs');

const MEMBERS = 5000;
// 2026-12-01 02:00 UTC = 10:00 in Shanghai: outside quiet hours, birthdays on 12-01.
const MORNING = new Date('2026-12-01T02:00:00.000Z');

// The CI version of the 100,000-birthday load run (npm run load -- --scenario notices): plan in keyset
// chunks, resumable by dedupe key, sent by racing engines with each member's grant used once.
describe('birthday batch at scale', () => {
  let s: TestServer;
  let ds: DataSource;
  beforeAll(async () => {
    s = await startTestServer();
    ds = s.app.get(DataSource);
  });
  afterEach(() => s.clock.reset());
  afterAll(() => s.close());

  it(`${MEMBERS} birthday greetings: planned once (a rerun adds none), each sent exactly once`, async () => {
    s.clock.setNow(MORNING);
    const members: { id: number; openid: string }[] = await insertMembers(
      (sql: string, p?: unknown[]) => ds.query(sql, p),
      {
        count: MEMBERS,
        privacyVersion: PRIVACY_POLICY_VERSION,
      },
    );
    const ids = members.map((m) => m.id);
    await ds.query(`UPDATE member SET birthday = '1990-12-01' WHERE id IN (${ids.join(',')})`);
    // Every member accepted the birthday template once (WeChat's side and ours) and consents to marketing.
    for (let i = 0; i < members.length; i += 2000) {
      const slice = members.slice(i, i + 2000);
      await s.http
        .post('/sandbox/wx/subscribe/bulk')
        .send({ openids: slice.map((m) => m.openid), templateId: TEMPLATE.BIRTHDAY })
        .expect(200);
      const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
      await ds.query(
        `INSERT INTO notice_grant (member_id, template_id, remaining, updated_at) VALUES ${slice.map(() => '(?, ?, 1, ?)').join(', ')}`,
        slice.flatMap((m) => [m.id, TEMPLATE.BIRTHDAY, now]),
      );
      await ds.query(
        `INSERT INTO notice_preference (member_id, kind, enabled, updated_at) VALUES ${slice.map(() => "(?, 'MARKETING', 1, ?)").join(', ')}`,
        slice.flatMap((m) => [m.id, now]),
      );
    }

    const started = performance.now();
    const batches = s.app.get(NoticeBatches);
    const first = await batches.birthdays();
    expect(first.planned).toBe(MEMBERS);
    // A rerun (after a crash halfway, or a second node) plans nothing new.
    expect(await batches.birthdays()).toMatchObject({ planned: 0, members: MEMBERS });
    const planSeconds = (performance.now() - started) / 1000;

    s.app.get(AppConfig).notices.sendsPerSecond = 10_000;
    s.app.get(AppConfig).notices.batchSize = 200;
    const sender = s.app.get(NoticeSender);
    const t = performance.now();
    const runs = await Promise.all([sender.drain(), sender.drain(), sender.drain()]);
    const sendSeconds = (performance.now() - t) / 1000;
    expect(runs.reduce((n, r) => n + r.sent, 0)).toBe(MEMBERS);

    const [{ sent }] = await ds.query(
      "SELECT COUNT(*) AS sent FROM notice WHERE kind = 'BIRTHDAY' AND status = 'SENT' AND dedupe_key = 'birthday:2026'",
    );
    expect(Number(sent)).toBe(MEMBERS);
    const counts = (
      await s.http.get('/sandbox/wx/messages/counts').query({ templateId: TEMPLATE.BIRTHDAY }).expect(200)
    ).body;
    expect(counts).toEqual({ total: MEMBERS, recipients: MEMBERS, repeated: 0 });
    const [{ grants_left: left }] = await ds.query(
      'SELECT SUM(remaining) AS grants_left FROM notice_grant WHERE template_id = ?',
      [TEMPLATE.BIRTHDAY],
    );
    expect(Number(left)).toBe(0);
    // Nothing more to send: a later run finds no due notice.
    expect((await sender.drain()).claimed).toBe(0);
    console.log(
      `birthday batch: ${MEMBERS} planned in ${planSeconds.toFixed(1)} s (incl. a rerun), sent in ${sendSeconds.toFixed(1)} s, ` +
        `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
    );
  }, 120_000);
});
