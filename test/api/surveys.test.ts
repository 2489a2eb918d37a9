import { DataSource } from 'typeorm';
import { FeedbackRequestsJob } from '../../server/src/modules/surveys/feedback-requests.job';
import { npsOf } from '../../server/src/modules/surveys/survey-questions';
import { checkIn, eventBody, publishedEvent, rid, signUp } from './event-support';
import { bearer, loginMember, loginOperator, makeStaff, startTestServer, type TestServer } from './support';

const DAY = 86_400_000;

describe('surveys: event feedback once after check-in, low ratings open follow-up tasks, NPS to a segment', () => {
  let s: TestServer;
  let admin: string;
  let here: Awaited<ReturnType<typeof makeStaff>>;
  let there: Awaited<ReturnType<typeof makeStaff>>;
  beforeAll(async () => {
    s = await startTestServer();
    admin = await loginOperator(s);
    here = await makeStaff(s, admin);
    there = await makeStaff(s, admin);
  });
  afterEach(() => s.clock.reset());
  afterAll(() => s.close());

  type Member = Awaited<ReturnType<typeof loginMember>>;
  const feedbackOf = (m: Member, signupId: number) =>
    s.http.get(`/api/v1/me/surveys/feedback?signupId=${signupId}`).set(bearer(m.token));
  const submit = (m: Member, surveyId: number, body: Record<string, unknown>) =>
    s.http
      .post(`/api/v1/me/surveys/${surveyId}/responses`)
      .set(bearer(m.token))
      .send({ requestId: rid('F'), answers: [], ...body });
  const rating = (value: number, tags: string[] = [], comment = '') => [
    { questionId: 'rating', value },
    ...(tags.length ? [{ questionId: 'tags', value: tags }] : []),
    ...(comment ? [{ questionId: 'comment', value: comment }] : []),
  ];

  /** An event at `here` with three members checked in and one who signed up but did not come. */
  async function attendedEvent() {
    const e = await publishedEvent(s, admin, eventBody(s, here.store.id, { rewardPoints: 10 }));
    const people = await Promise.all([1, 2, 3, 4].map(() => loginMember(s)));
    const signups = [];
    for (const m of people) signups.push((await signUp(s, m.token, e.id).expect(201)).body.signup);
    s.clock.setNow(new Date(Date.parse(e.startsAt) - 30 * 60_000));
    for (const t of signups.slice(0, 3)) await checkIn(s, here.staffToken, t.ticketQr).expect(200);
    return { e, people, signups };
  }

  it('takes feedback once, only from checked-in members, after the end and within 14 days', async () => {
    const { e, people, signups } = await attendedEvent();
    const [a, b, c, absent] = people;
    // Before the end: the form shows NOT_YET and a submission is refused.
    const early = (await feedbackOf(a, signups[0].id).expect(200)).body;
    expect(early).toMatchObject({ kind: 'EVENT_FEEDBACK', state: 'NOT_YET', signupId: signups[0].id });
    expect(early.questions.map((q: { id: string }) => q.id)).toEqual(['rating', 'tags', 'comment']);
    expect((await submit(a, early.id, { signupId: signups[0].id, answers: rating(5) }).expect(409)).body.code).toBe(
      'SURVEY_NOT_OPEN_YET',
    );

    s.clock.setNow(new Date(Date.parse(e.endsAt) + 60_000));
    // Signed up but never checked in: refused. Someone else's sign-up: not found.
    expect((await feedbackOf(absent, signups[3].id).expect(403)).body.code).toBe('SURVEY_NOT_ATTENDED');
    expect((await feedbackOf(b, signups[0].id).expect(404)).body.code).toBe('EVENT_SIGNUP_NOT_FOUND');
    expect(
      (await submit(absent, early.id, { signupId: signups[3].id, answers: rating(4) }).expect(403)).body.code,
    ).toBe('SURVEY_NOT_ATTENDED');
    // Validation in zh-CN.
    const bad = async (answers: unknown[]) =>
      (await submit(a, early.id, { signupId: signups[0].id, answers }).expect(400)).body;
    expect((await bad([])).message).toBe('请先选择评分（1–5 星）');
    expect((await bad(rating(6))).code).toBe('SURVEY_INVALID');
    expect((await bad(rating(4, ['不存在的标签']))).message).toContain('请从给出的选项中选择');
    expect((await bad([{ questionId: 'nope', value: 1 }])).code).toBe('SURVEY_INVALID');

    const body = { signupId: signups[0].id, answers: rating(5, ['内容丰富', '服务热情'], '很棒'), requestId: 'fb-a-1' };
    const first = await submit(a, early.id, body).expect(201);
    expect(first.body).toMatchObject({ surveyId: early.id, followUp: false });
    // The same request again answers the first submission; another request is a distinct 409.
    const again = await submit(a, early.id, body).expect(201);
    expect(again.body.response.id).toBe(first.body.response.id);
    expect((await submit(a, early.id, { signupId: signups[0].id, answers: rating(3) }).expect(409)).body.code).toBe(
      'SURVEY_ALREADY_ANSWERED',
    );
    expect((await submit(a, early.id, { ...body, answers: rating(1) }).expect(409)).body.code).not.toBe(
      'SURVEY_ALREADY_ANSWERED',
    );
    expect((await feedbackOf(a, signups[0].id).expect(200)).body).toMatchObject({
      state: 'ANSWERED',
      myResponse: { id: first.body.response.id },
    });
    // 我的活动's states: answered for a, open for b.
    const states = await s.http
      .get(`/api/v1/me/surveys/feedback-states?eventIds=${e.id}`)
      .set(bearer(b.token))
      .expect(200);
    expect(states.body).toEqual([{ eventId: e.id, signupId: signups[1].id, state: 'OPEN' }]);

    // A low rating opens a follow-up task for the event's store.
    const low = await submit(b, early.id, { signupId: signups[1].id, answers: rating(2, [], '排队太久') }).expect(201);
    expect(low.body.followUp).toBe(true);

    // Past the 14-day window: closed.
    s.clock.setNow(new Date(Date.parse(e.endsAt) + 14 * DAY + 60_000));
    expect((await feedbackOf(c, signups[2].id).expect(200)).body.state).toBe('EXPIRED');
    expect((await submit(c, early.id, { signupId: signups[2].id, answers: rating(4) }).expect(409)).body.code).toBe(
      'SURVEY_CLOSED',
    );

    // Results: average, distribution, tags, response rate = responses / checked in; the comments table.
    const results = (await s.http.get(`/api/v1/admin/surveys/${early.id}/results`).set(bearer(admin)).expect(200)).body;
    expect(results).toMatchObject({
      responses: 2,
      audience: 3,
      responseRate: 0.67,
      averageRating: 3.5,
      ratingDistribution: [0, 1, 0, 0, 1],
      followUpTasks: 1,
    });
    expect(results.tagCounts).toEqual(
      expect.arrayContaining([
        { tag: '内容丰富', count: 1 },
        { tag: '服务热情', count: 1 },
      ]),
    );
    const list = (await s.http.get(`/api/v1/admin/surveys/${early.id}/responses`).set(bearer(admin)).expect(200)).body;
    expect(list.items.map((r: { comment: string }) => r.comment)).toEqual(['排队太久', '很棒']);
    const csv = await s.http
      .get(`/api/v1/admin/surveys/${early.id}/responses.csv?rating=2`)
      .set(bearer(admin))
      .expect(200);
    expect(csv.text.split('\r\n').filter(Boolean)).toHaveLength(2);
    expect(csv.text).toContain('排队太久');
    // The event's dashboard finds the same survey; per store figures add up.
    expect((await s.http.get(`/api/v1/admin/surveys/events/${e.id}`).set(bearer(admin)).expect(200)).body.id).toBe(
      early.id,
    );
    const stores = (await s.http.get('/api/v1/admin/surveys/stores').set(bearer(admin)).expect(200)).body;
    expect(stores.find((r: { storeId: number }) => r.storeId === here.store.id)).toMatchObject({
      events: 1,
      responses: 2,
      checkedIn: 3,
      averageRating: 3.5,
      lowRatings: 1,
      openTasks: 1,
    });
  });

  it('moves a follow-up task OPEN → IN_PROGRESS → RESOLVED, guarded and audited, for its store only', async () => {
    const { e, people, signups } = await attendedEvent();
    s.clock.setNow(new Date(Date.parse(e.endsAt) + 60_000));
    const survey = (await feedbackOf(people[0], signups[0].id).expect(200)).body;
    await submit(people[0], survey.id, { signupId: signups[0].id, answers: rating(1, [], '太吵了') }).expect(201);
    const tasks = (
      await s.http.get(`/api/v1/admin/survey-tasks?status=OPEN&storeId=${here.store.id}`).set(bearer(admin)).expect(200)
    ).body.items;
    const task = tasks.find((t: { event: { id: number } }) => t.event.id === e.id);
    expect(task).toMatchObject({ status: 'OPEN', rating: 1, comment: '太吵了', version: 0 });
    // Another store's clerk cannot see or touch it; this store's clerk sees it.
    expect(
      (await s.http.get('/api/v1/staff/survey-tasks').set(bearer(there.staffToken)).expect(200)).body.items,
    ).toEqual([]);
    await s.http
      .post(`/api/v1/staff/survey-tasks/${task.id}/start`)
      .set(bearer(there.staffToken))
      .send({ version: 0, assignee: '王店长' })
      .expect(404);
    const ours = (await s.http.get('/api/v1/staff/survey-tasks').set(bearer(here.staffToken)).expect(200)).body.items;
    expect(ours.map((t: { id: number }) => t.id)).toContain(task.id);
    // Resolving before it is taken, or without a resolution, is refused.
    const resolve = (token: string, body: Record<string, unknown>, staff = false) =>
      s.http
        .post(`/api/v1/${staff ? 'staff' : 'admin'}/survey-tasks/${task.id}/resolve`)
        .set(bearer(token))
        .send(body);
    expect((await resolve(admin, { version: 0, resolution: '已致电致歉' }).expect(409)).body.code).toBe(
      'FOLLOW_UP_STATUS_INVALID',
    );
    const started = await s.http
      .post(`/api/v1/staff/survey-tasks/${task.id}/start`)
      .set(bearer(here.staffToken))
      .send({ version: 0, assignee: '王店长' })
      .expect(200);
    expect(started.body).toMatchObject({ status: 'IN_PROGRESS', assignee: '王店长', version: 1 });
    expect((await resolve(admin, { version: 1, resolution: ' ' }).expect(400)).body.code).toBe('SURVEY_INVALID');
    expect((await resolve(admin, { version: 0, resolution: '已致电致歉' }).expect(409)).body.code).toBe(
      'FOLLOW_UP_VERSION_CONFLICT',
    );
    // Two handlers at once: one wins.
    const race = await Promise.all([
      resolve(admin, { version: 1, resolution: '已致电致歉，赠送下次活动名额' }),
      resolve(here.staffToken, { version: 1, resolution: '店长当面致歉' }, true),
    ]);
    expect(race.map((r) => r.status).sort()).toEqual([200, 409]);
    const done = race.find((r) => r.status === 200)!.body;
    expect(done).toMatchObject({ status: 'RESOLVED', version: 2 });
    expect(done.resolvedBy).toBeTruthy();
    const audit = await s.app
      .get(DataSource)
      .query(
        `SELECT action, actor_type FROM audit_log WHERE target_type = 'follow_up_task' AND target_id = ? ORDER BY id`,
        [String(task.id)],
      );
    expect(audit.map((r: { action: string }) => r.action)).toEqual([
      'follow_up_task.started',
      'follow_up_task.resolved',
    ]);
    expect(audit[0].actor_type).toBe('staff');
  });

  it('sends an NPS survey to a segment; only members in it answer; NPS = %promoters − %detractors', async () => {
    const people = await Promise.all([1, 2, 3, 4].map(() => loginMember(s)));
    const [a, b, c, outsider] = people;
    const closesAt = new Date(s.clock.nowMs() + 7 * DAY).toISOString();
    const send = (body: Record<string, unknown>) =>
      s.http
        .post('/api/v1/admin/surveys')
        .set(bearer(admin))
        .send({ title: '12 月会员满意度', questions: [], closesAt, requestId: rid('N'), ...body });
    expect((await send({ target: { kind: 'MEMBERS', memberNos: ['NOPE000'] } }).expect(400)).body.message).toContain(
      '以下会员号不存在',
    );
    expect(
      (
        await send({ target: { kind: 'ALL' }, closesAt: new Date(s.clock.nowMs() + 90 * DAY).toISOString() }).expect(
          400,
        )
      ).body.code,
    ).toBe('SURVEY_INVALID');
    const nps = (
      await send({
        target: { kind: 'MEMBERS', memberNos: [a, b, c].map((m) => m.member.memberNo) },
        questions: [{ kind: 'SINGLE', title: '您最常来的时段', options: ['上午', '下午', '晚上'], required: false }],
      }).expect(201)
    ).body;
    expect(nps).toMatchObject({ kind: 'NPS', status: 'OPEN', audience: 3, target: { kind: 'MEMBERS', count: 3 } });
    expect(nps.questions.map((q: { id: string }) => q.id)).toEqual(['nps', 'comment', 'q1']);
    // In the segment: a card on 我的; outside it: nothing, and answering is refused.
    expect((await s.http.get('/api/v1/me/surveys/open').set(bearer(a.token)).expect(200)).body).toEqual([
      { id: nps.id, title: '12 月会员满意度', closesAt },
    ]);
    expect((await s.http.get('/api/v1/me/surveys/open').set(bearer(outsider.token)).expect(200)).body).toEqual([]);
    expect(
      (await submit(outsider, nps.id, { answers: [{ questionId: 'nps', value: 10 }] }).expect(403)).body.code,
    ).toBe('SURVEY_NOT_FOR_YOU');
    expect((await submit(a, nps.id, { answers: [{ questionId: 'nps', value: 11 }] }).expect(400)).body.code).toBe(
      'SURVEY_INVALID',
    );
    await submit(a, nps.id, {
      answers: [
        { questionId: 'nps', value: 10 },
        { questionId: 'q1', value: '晚上' },
      ],
    }).expect(201);
    await submit(b, nps.id, {
      answers: [
        { questionId: 'nps', value: 9 },
        { questionId: 'comment', value: '很满意' },
      ],
    }).expect(201);
    await submit(c, nps.id, { answers: [{ questionId: 'nps', value: 3 }] }).expect(201);
    expect((await submit(c, nps.id, { answers: [{ questionId: 'nps', value: 5 }] }).expect(409)).body.code).toBe(
      'SURVEY_ALREADY_ANSWERED',
    );
    expect((await s.http.get('/api/v1/me/surveys/open').set(bearer(a.token)).expect(200)).body).toEqual([]);
    const r = (await s.http.get(`/api/v1/admin/surveys/${nps.id}/results`).set(bearer(admin)).expect(200)).body;
    expect(r).toMatchObject({
      responses: 3,
      audience: 3,
      responseRate: 1,
      promoters: 2,
      passives: 0,
      detractors: 1,
      npsScore: 33,
    });
    expect(r.npsDistribution[10]).toBe(1);
    expect(r.questions[0].counts).toEqual([
      { option: '上午', count: 0 },
      { option: '下午', count: 0 },
      { option: '晚上', count: 1 },
    ]);
    // After closing, nobody answers.
    await s.http.post(`/api/v1/admin/surveys/${nps.id}/close`).set(bearer(admin)).send({ version: 0 }).expect(200);
    expect((await submit(outsider, nps.id, { answers: [{ questionId: 'nps', value: 5 }] }).expect(403)).body.code).toBe(
      'SURVEY_NOT_FOR_YOU',
    );
    // Everyone: the audience is every member there is now.
    const all = (await send({ target: { kind: 'ALL' } }).expect(201)).body;
    const count = Number((await s.app.get(DataSource).query('SELECT COUNT(*) AS n FROM member'))[0].n);
    expect(all.audience).toBe(count);
    expect(
      (await s.http.get('/api/v1/me/surveys/open').set(bearer(outsider.token)).expect(200)).body.map(
        (x: { id: number }) => x.id,
      ),
    ).toEqual([all.id]);
  });

  it('NPS math: promoters 9–10, passives 7–8, detractors 0–6', () => {
    const dist = (scores: number[]) => Array.from({ length: 11 }, (_, i) => scores.filter((x) => x === i).length);
    expect(npsOf(dist([]))).toMatchObject({ score: null });
    expect(npsOf(dist([10, 9, 8, 7, 6]))).toEqual({ promoters: 2, passives: 2, detractors: 1, score: 20 });
    expect(npsOf(dist([0, 0, 6]))).toMatchObject({ score: -100 });
    expect(npsOf(dist([9, 10]))).toMatchObject({ score: 100 });
  });

  it('lets operators add questions to an event survey (guarded by version) and plans feedback requests once', async () => {
    const { e, people, signups } = await attendedEvent();
    const survey = (await s.http.get(`/api/v1/admin/surveys/events/${e.id}`).set(bearer(admin)).expect(200)).body;
    const put = (body: Record<string, unknown>) =>
      s.http.put(`/api/v1/admin/surveys/${survey.id}`).set(bearer(admin)).send(body);
    const updated = (
      await put({
        version: survey.version,
        questions: [{ kind: 'SCALE', title: '讲师专业程度', options: [], required: true }],
        tags: ['好玩', '实用'],
        lowRatingMax: 3,
      }).expect(200)
    ).body;
    expect(updated.questions.map((q: { id: string }) => q.id)).toEqual(['rating', 'tags', 'comment', 'q1']);
    expect(updated.questions[1].options).toEqual(['好玩', '实用']);
    expect((await put({ version: survey.version, questions: [] }).expect(409)).body.code).toBe(
      'SURVEY_VERSION_CONFLICT',
    );
    expect(
      (
        await put({
          version: updated.version,
          questions: [{ kind: 'RATING', title: '再来一个评分', options: [], required: true }],
        }).expect(400)
      ).body.code,
    ).toBe('SURVEY_INVALID');

    s.clock.setNow(new Date(Date.parse(e.endsAt) + 60_000));
    // The added required question must be answered; a 3 is now low.
    const m = people[0];
    expect((await submit(m, survey.id, { signupId: signups[0].id, answers: rating(3) }).expect(400)).body.message).toBe(
      '请回答：讲师专业程度',
    );
    const ok = await submit(m, survey.id, {
      signupId: signups[0].id,
      answers: [...rating(3, ['好玩']), { questionId: 'q1', value: 8 }],
    }).expect(201);
    expect(ok.body.followUp).toBe(true);
    // The job plans the requests once per event.
    const job = s.app.get(FeedbackRequestsJob);
    const first = await job.run();
    expect(first.events).toBeGreaterThanOrEqual(1);
    const again = await job.run();
    expect(again).toEqual({ events: 0, requests: 0 });
    const planned = await s.app
      .get(DataSource)
      .query('SELECT requests_planned_at FROM survey WHERE id = ?', [survey.id]);
    expect(planned[0].requests_planned_at).toBeTruthy();
    // One 活动评价邀请 per checked-in sign-up (not the one who did not come), opening the feedback form.
    const notices = await s.app.get(DataSource).query(
      "SELECT member_id, page FROM notice WHERE kind = 'FEEDBACK_REQUEST' AND dedupe_key IN (?, ?, ?, ?) ORDER BY member_id",
      signups.map((x: { id: number }) => `feedback:${x.id}`),
    );
    expect(notices.map((n: { page: string }) => n.page).sort()).toEqual(
      signups
        .slice(0, 3)
        .map((x: { id: number }) => `packages/events/feedback/index?signupId=${x.id}`)
        .sort(),
    );
  });
});
