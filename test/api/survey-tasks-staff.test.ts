import { DataSource } from 'typeorm';
import { checkIn, eventBody, publishedEvent, rid, signUp } from './event-support';
import { bearer, loginMember, loginOperator, makeStaff, startTestServer, type TestServer } from './support';

type Task = {
  id: number;
  status: string;
  version: number;
  rating: number;
  comment: string;
  assignee: string | null;
  resolution: string | null;
  member: { memberNo: string; nickname: string; phoneMasked: string | null };
};

// The staff page's 回访工单: the clerk's own store only, what needs doing first, the member masked as on the
// counter's other pages, 开始处理 with the clerk as assignee, 处理完成 with a required note — each move
// audited and, with a request id, answered once however often it is retried.
describe('follow-up tasks on the staff pages', () => {
  let s: TestServer;
  let admin: string;
  let here: Awaited<ReturnType<typeof makeStaff>>;
  let there: Awaited<ReturnType<typeof makeStaff>>;
  const tasks: Record<string, Task> = {};
  let memberNos: Record<string, string> = {};

  beforeAll(async () => {
    s = await startTestServer();
    admin = await loginOperator(s);
    here = await makeStaff(s, admin);
    there = await makeStaff(s, admin);
    await s.http.patch('/api/v1/me').set(bearer(here.clerk.token)).send({ nickname: '李店员' }).expect(200);
    // Three members at an event of `here`, checked in; after the end each rates it low (1, 2, 1 stars).
    const e = await publishedEvent(s, admin, eventBody(s, here.store.id));
    const people = [];
    for (const [i, nickname] of ['陈一鸣', '周婷', '林小满'].entries()) {
      const m = await loginMember(s);
      await s.http.patch('/api/v1/me').set(bearer(m.token)).send({ nickname }).expect(200);
      if (i === 0) {
        const { body: pc } = await s.http.post('/sandbox/wx/phone-code').send({ phone: '13812340001' });
        await s.http.post('/api/v1/me/phone').set(bearer(m.token)).send({ code: pc.code }).expect(200);
      }
      const signup = (await signUp(s, m.token, e.id).expect(201)).body.signup;
      people.push({ m, nickname, signup });
    }
    memberNos = Object.fromEntries(people.map((p) => [p.nickname, p.m.member.memberNo]));
    s.clock.setNow(new Date(Date.parse(e.startsAt) - 30 * 60_000));
    for (const p of people) await checkIn(s, here.staffToken, p.signup.ticketQr).expect(200);
    s.clock.setNow(new Date(Date.parse(e.endsAt) + 60_000));
    const survey = (
      await s.http.get(`/api/v1/me/surveys/feedback?signupId=${people[0].signup.id}`).set(bearer(people[0].m.token))
    ).body;
    for (const [i, p] of people.entries()) {
      await s.http
        .post(`/api/v1/me/surveys/${survey.id}/responses`)
        .set(bearer(p.m.token))
        .send({
          signupId: p.signup.id,
          requestId: rid('F'),
          answers: [
            { questionId: 'rating', value: [1, 2, 1][i] },
            { questionId: 'comment', value: ['咖啡凉了', '排队太久', '太吵了'][i] },
          ],
        })
        .expect(201);
    }
    const all = (await s.http.get(`/api/v1/admin/survey-tasks?storeId=${here.store.id}`).set(bearer(admin))).body
      .items as Task[];
    for (const t of all) tasks[t.comment] = t;
    expect(Object.keys(tasks).sort()).toEqual(['咖啡凉了', '太吵了', '排队太久'].sort());
  }, 60_000);
  afterAll(() => s.close());

  const list = async (token: string) =>
    (await s.http.get('/api/v1/staff/survey-tasks').set(bearer(token)).expect(200)).body.items as Task[];
  const start = (token: string, id: number, body: Record<string, unknown>) =>
    s.http.post(`/api/v1/staff/survey-tasks/${id}/start`).set(bearer(token)).send(body);
  const resolve = (token: string, id: number, body: Record<string, unknown>) =>
    s.http.post(`/api/v1/staff/survey-tasks/${id}/resolve`).set(bearer(token)).send(body);

  it('lists the own store only, open first, with the member masked (operators see them whole)', async () => {
    // One task resolved and one in progress at the console first.
    const done = tasks['太吵了'];
    await s.http
      .post(`/api/v1/admin/survey-tasks/${done.id}/start`)
      .set(bearer(admin))
      .send({ version: 0, assignee: '王店长' })
      .expect(200);
    await s.http
      .post(`/api/v1/admin/survey-tasks/${done.id}/resolve`)
      .set(bearer(admin))
      .send({ version: 1, resolution: '已电话致歉' })
      .expect(200);
    const busy = tasks['排队太久'];
    // Operators name who handles it themselves (only a clerk defaults to their own name).
    const unnamed = await s.http
      .post(`/api/v1/admin/survey-tasks/${busy.id}/start`)
      .set(bearer(admin))
      .send({ version: 0 })
      .expect(400);
    expect(unnamed.body).toEqual({ code: 'SURVEY_INVALID', message: '处理人须为 1–20 个字' });
    await s.http
      .post(`/api/v1/admin/survey-tasks/${busy.id}/start`)
      .set(bearer(admin))
      .send({ version: 0, assignee: '王店长' })
      .expect(200);

    expect(await list(there.staffToken)).toEqual([]);
    const ours = await list(here.staffToken);
    expect(ours.map((t) => [t.comment, t.status])).toEqual([
      ['咖啡凉了', 'OPEN'],
      ['排队太久', 'IN_PROGRESS'],
      ['太吵了', 'RESOLVED'],
    ]);
    const no = memberNos['陈一鸣'];
    expect(ours[0].member).toEqual({
      nickname: '陈*鸣',
      memberNo: `${no.slice(0, 4)}****${no.slice(-2)}`,
      phoneMasked: '138****0001',
    });
    expect(ours[1].member).toMatchObject({ nickname: '周*', phoneMasked: null });
    // Nothing of the member reaches the clerk whole.
    expect(JSON.stringify(ours)).not.toContain(no);
    expect(JSON.stringify(ours)).not.toContain('陈一鸣');
    // The console (personal-data roles) keeps the whole member no. and nickname, and gets the masked phone.
    const forOps = (await s.http.get(`/api/v1/admin/survey-tasks?storeId=${here.store.id}`).set(bearer(admin))).body
      .items as Task[];
    expect(forOps.find((t) => t.comment === '咖啡凉了')!.member).toEqual({
      nickname: '陈一鸣',
      memberNo: no,
      phoneMasked: '138****0001',
    });
  });

  it('开始处理 names the clerk and answers a retry once; another store gets 404 in zh-CN', async () => {
    const t = tasks['咖啡凉了'];
    // Another store's clerk: not found, with or without a request id, and nothing moves.
    for (const body of [{ version: 0 }, { version: 0, requestId: rid('S') }]) {
      const res = await start(there.staffToken, t.id, body).expect(404);
      expect(res.body).toEqual({ code: 'FOLLOW_UP_NOT_FOUND', message: '回访工单不存在' });
    }
    const key = rid('S');
    const first = await start(here.staffToken, t.id, { version: 0, requestId: key }).expect(200);
    expect(first.body).toMatchObject({ status: 'IN_PROGRESS', assignee: '李店员', version: 1 });
    // The answer was lost: the same request again answers the first move, not 409.
    const again = await start(here.staffToken, t.id, { version: 0, requestId: key }).expect(200);
    expect(again.body).toEqual(first.body);
    // The same key with another content is refused; a fresh request is the 409 the state says.
    expect(
      (await start(here.staffToken, t.id, { version: 0, assignee: '别人', requestId: key }).expect(409)).body.code,
    ).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await start(here.staffToken, t.id, { version: 0, requestId: rid('S') }).expect(409)).body.code).toBe(
      'FOLLOW_UP_STATUS_INVALID',
    );
  });

  it('处理完成 needs a note, resolves once for retries, and every move is audited with the clerk', async () => {
    const t = tasks['咖啡凉了'];
    const blank = await resolve(here.staffToken, t.id, { version: 1, resolution: ' ', requestId: rid('R') }).expect(
      400,
    );
    expect(blank.body).toMatchObject({ code: 'SURVEY_INVALID', message: '处理结果须为 2–500 个字' });
    expect(
      (await resolve(there.staffToken, t.id, { version: 1, resolution: '已致电', requestId: rid('R') }).expect(404))
        .body.message,
    ).toBe('回访工单不存在');
    const key = rid('R');
    const body = { version: 1, resolution: '已电话致歉，送下次活动优先报名', requestId: key };
    const first = await resolve(here.staffToken, t.id, body).expect(200);
    expect(first.body).toMatchObject({ status: 'RESOLVED', version: 2, resolvedBy: '李店员' });
    expect((await resolve(here.staffToken, t.id, body).expect(200)).body).toEqual(first.body);
    const audit = await s.app
      .get(DataSource)
      .query(
        `SELECT action, actor_type, store_id FROM audit_log WHERE target_type = 'follow_up_task' AND target_id = ? ORDER BY id`,
        [String(t.id)],
      );
    expect(audit).toEqual([
      expect.objectContaining({ action: 'follow_up_task.started', actor_type: 'staff' }),
      expect.objectContaining({ action: 'follow_up_task.resolved', actor_type: 'staff' }),
    ]);
    expect(audit.every((r: { store_id: unknown }) => Number(r.store_id) === here.store.id)).toBe(true);
    const ours = await list(here.staffToken);
    expect(ours.map((x) => x.status)).toEqual(['IN_PROGRESS', 'RESOLVED', 'RESOLVED']);
  });
});
