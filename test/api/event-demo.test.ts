import { DataSource } from 'typeorm';
import { checkEventInvariants } from '../../server/src/modules/events/event-invariants';
import { checkLedgerInvariants } from '../../server/src/ledger/ledger-invariants';
import { bearer, loginOperator, startTestServer, type TestServer } from './support';

// What `npm start` seeds in 会员活动 on a fresh sandbox database, through the operators' service, sign-ups,
// a cancellation with promotion, check-ins at the door, the no-show job, feedback and an NPS survey.
describe('demo data: member events', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ DEMO_SEED: 'true' });
  }, 240_000); // the seed rings up sales, top-ups, redemptions and sign-ups through the real paths
  afterAll(() => s.close());

  it('seeds a free, a points, a full, a weekly, a paid and a past event with sign-ups, a waitlist, check-ins, a no-show and feedback', async () => {
    const admin = await loginOperator(s);
    const events = (await s.http.get('/api/v1/admin/events').set(bearer(admin)).expect(200)).body.items as {
      id: number;
      title: string;
      feeKind: string;
      posters: unknown[];
      counters: Record<string, number>;
    }[];
    const byTitle = new Map(events.map((e) => [e.title, e]));
    expect([...byTitle.keys()]).toEqual(
      expect.arrayContaining([
        '周末手冲咖啡品鉴会',
        '拉花体验课（积分报名）',
        '会员专享品鉴之夜',
        '周六手冲练习课（每周）',
        '咖啡烘焙体验课（付费）',
        '手冲入门小课堂',
      ]),
    );
    expect(byTitle.get('周末手冲咖啡品鉴会')).toMatchObject({ feeKind: 'FREE', counters: { signedUpParties: 3 } });
    expect(byTitle.get('周末手冲咖啡品鉴会')!.posters).toHaveLength(1);
    expect(byTitle.get('拉花体验课（积分报名）')).toMatchObject({
      feeKind: 'POINTS',
      counters: { signedUpParties: 2 },
    });
    // Full: 陈一鸣's party promoted when 周婷 cancelled, then 王珊珊 (1) fits the seat left; 林小满 (2) and 赵子轩 wait.
    expect(byTitle.get('会员专享品鉴之夜')).toMatchObject({ counters: { seatsLeft: 0, waitlistParties: 2 } });
    expect(byTitle.get('手冲入门小课堂')).toMatchObject({ counters: { checkedInParties: 2, noShowParties: 1 } });
    // Four weekly sessions with their own seats; a paid class with one fee paid through the sandbox, one to pay.
    const weekly = (
      await s.http
        .get(`/api/v1/admin/events/${byTitle.get('周六手冲练习课（每周）')!.id}`)
        .set(bearer(admin))
        .expect(200)
    ).body as { sessions: { capacity: number; counters: { signedUpParties: number } }[] };
    expect(weekly.sessions.map((x) => [x.capacity, x.counters.signedUpParties])).toEqual([
      [6, 2],
      [6, 1],
      [6, 0],
      [6, 0],
    ]);
    const roasting = byTitle.get('咖啡烘焙体验课（付费）')!;
    expect(roasting.feeKind).toBe('CASH');
    const paid = (await s.http.get(`/api/v1/admin/events/${roasting.id}/signups`).set(bearer(admin)).expect(200)).body
      .items as { status: string; payment: { status: string; amountFen: number } }[];
    expect(paid.map((x) => [x.status, x.payment.status, x.payment.amountFen]).sort()).toEqual([
      ['CONFIRMED', 'PAID', 3_900],
      ['PENDING_PAYMENT', 'PENDING', 3_900],
    ]);

    // Feedback on the past class: a 5 and a 2 (which opened a 回访工单 for the store); an NPS survey answered by three.
    const past = byTitle.get('手冲入门小课堂')!;
    const feedback = (await s.http.get(`/api/v1/admin/surveys/events/${past.id}`).set(bearer(admin)).expect(200)).body;
    expect(feedback).toMatchObject({ kind: 'EVENT_FEEDBACK', responses: 2 });
    const results = (await s.http.get(`/api/v1/admin/surveys/${feedback.id}/results`).set(bearer(admin)).expect(200))
      .body;
    expect(results).toMatchObject({ averageRating: 3.5, ratingDistribution: [0, 1, 0, 0, 1], followUpTasks: 1 });
    const tasks = (await s.http.get('/api/v1/admin/survey-tasks').set(bearer(admin)).expect(200)).body.items;
    expect(tasks).toEqual([
      expect.objectContaining({ status: 'OPEN', event: expect.objectContaining({ id: past.id }) }),
    ]);
    const nps = (await s.http.get('/api/v1/admin/surveys?kind=NPS').set(bearer(admin)).expect(200)).body.items;
    expect(nps).toEqual([expect.objectContaining({ title: '冬季会员满意度调查', responses: 3 })]);
    const npsResults = (await s.http.get(`/api/v1/admin/surveys/${nps[0].id}/results`).set(bearer(admin)).expect(200))
      .body;
    expect(npsResults).toMatchObject({ promoters: 1, passives: 1, detractors: 1, npsScore: 0 });

    const ds = s.app.get(DataSource);
    expect((await checkEventInvariants((sql, p) => ds.query(sql, p))).violations).toEqual([]);
    expect((await checkLedgerInvariants(ds)).violations).toEqual([]);
  });
});
