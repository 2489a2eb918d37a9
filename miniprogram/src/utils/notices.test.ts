import type { NoticeMoment, NoticePrompt } from '@member/shared';
import {
  createNoticeAsker,
  isAccept,
  keywordRows,
  openTarget,
  remainingText,
  type NoticeAskDeps,
  type NoticeReportBody,
} from './notices';

const COUPON = 'G35CwG9kSkIkJmJkkKX7ICPDS5JTc5A8w1C30MY76OQ';

function setup(templateIds: string[], answer: (ids: string[]) => Record<string, string>) {
  const prompts: NoticeMoment[] = [];
  const asked: string[][] = [];
  const reports: NoticeReportBody[] = [];
  let clock = 0;
  const deps: NoticeAskDeps = {
    prompt: async (moment): Promise<NoticePrompt> => {
      prompts.push(moment);
      return { moment, templateIds, kinds: [] };
    },
    requestSubscribe: async (ids) => {
      asked.push(ids);
      return answer(ids) as never;
    },
    report: async (body) => {
      reports.push(body);
      return {};
    },
    now: () => clock,
  };
  return { asker: createNoticeAsker(deps), prompts, asked, reports, tick: (ms: number) => (clock += ms) };
}

describe('askForNotices', () => {
  it('asks for the moment’s templates and reports each answer', async () => {
    const t = setup([COUPON], (ids) => Object.fromEntries(ids.map((id) => [id, 'accept'])));
    await expect(t.asker.ask('COUPON_CLAIMED')).resolves.toEqual({ asked: true, accepted: 1 });
    expect(t.asked).toEqual([[COUPON]]);
    expect(t.reports).toEqual([
      { moment: 'COUPON_CLAIMED', results: { [COUPON]: 'accept' }, requestId: expect.stringMatching(/^[\w-]{8,64}$/) },
    ]);
  });

  it('asks again after an accept (one accept is one send), but never after a reject in the same session', async () => {
    const answers = ['accept', 'reject', 'accept'];
    const t = setup([COUPON], (ids) => ({ [ids[0]]: answers.shift()! }));
    await t.asker.ask('COUPON_CLAIMED');
    await t.asker.ask('COUPON_CLAIMED');
    await expect(t.asker.ask('COUPON_CLAIMED')).resolves.toEqual({ asked: false, accepted: 0 });
    expect(t.asked).toHaveLength(2);
    expect(t.asker.declined(COUPON)).toBe(true);
  });

  it('drops only the declined templates and shows at most 3', async () => {
    const ids = ['a', 'b', 'c', 'd'];
    const t = setup(ids, (asked) => Object.fromEntries(asked.map((id) => [id, id === 'b' ? 'ban' : 'accept'])));
    await t.asker.ask('EVENT_SIGNED_UP');
    expect(t.asked[0]).toEqual(['a', 'b', 'c']);
    await t.asker.ask('EVENT_SIGNED_UP');
    expect(t.asked[1]).toEqual(['a', 'c', 'd']);
  });

  it('asks nothing when the server offers no template (paused kind)', async () => {
    const t = setup([], () => ({}));
    await expect(t.asker.ask('POINTS_PAGE')).resolves.toEqual({ asked: false, accepted: 0 });
    expect(t.asked).toHaveLength(0);
  });

  it('reuses a prefetched prompt so the popup follows the success without another request', async () => {
    const t = setup([COUPON], () => ({ [COUPON]: 'accept' }));
    t.asker.prefetch('COUPON_CLAIMED');
    await t.asker.ask('COUPON_CLAIMED');
    expect(t.prompts).toEqual(['COUPON_CLAIMED']);
    t.tick(6 * 60_000);
    await t.asker.ask('COUPON_CLAIMED');
    expect(t.prompts).toHaveLength(2);
  });

  it('never throws: a failed prompt, popup or report leaves the success flow alone', async () => {
    const failing = createNoticeAsker({
      prompt: async () => Promise.reject(new Error('offline')),
      requestSubscribe: async () => ({}),
      report: async () => ({}),
    });
    await expect(failing.ask('TOPUP_PAID')).resolves.toEqual({ asked: false, accepted: 0 });

    const popupFails = createNoticeAsker({
      prompt: async (moment) => ({ moment, templateIds: ['x'], kinds: [] }),
      requestSubscribe: async () => Promise.reject(new Error('10004')),
      report: async () => ({}),
    });
    await expect(popupFails.ask('TOPUP_PAID')).resolves.toEqual({ asked: false, accepted: 0 });

    const reports: unknown[] = [];
    const reportFails = createNoticeAsker({
      prompt: async (moment) => ({ moment, templateIds: ['x'], kinds: [] }),
      requestSubscribe: async () => ({ x: 'accept' }),
      report: async (body) => {
        reports.push(body);
        return Promise.reject(new Error('500'));
      },
    });
    await expect(reportFails.ask('TOPUP_PAID')).resolves.toEqual({ asked: true, accepted: 1 });
    // Tried twice with the same request id, so the server counts the accept once if both got through.
    expect(reports).toHaveLength(2);
    expect(reports[1]).toEqual(reports[0]);
  });

  it('reads accept and acceptWithAudio as grants', () => {
    expect(['accept', 'acceptWithAudio', 'reject', 'ban', 'filter'].map(isAccept)).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});

describe('服务通知 and 消息提醒 helpers', () => {
  it('splits the sandbox lines into keyword rows, keeping a value that holds ": "', () => {
    expect(keywordRows(['优惠券名称: 满100减20券', '到期时间: 2026年12月8日 23:59', '备注: a: b'])).toEqual([
      { name: '优惠券名称', value: '满100减20券' },
      { name: '到期时间', value: '2026年12月8日 23:59' },
      { name: '备注', value: 'a: b' },
    ]);
  });

  it('opens tab pages by switchTab without their query, others by navigateTo', () => {
    const tabs = ['pages/home/index', 'pages/mine/index'];
    expect(openTarget('pages/mine/index?from=notice', tabs)).toEqual({ url: '/pages/mine/index', tab: true });
    expect(openTarget('packages/coupons/mine/index?tab=USABLE', tabs)).toEqual({
      url: '/packages/coupons/mine/index?tab=USABLE',
      tab: false,
    });
  });

  it('says how many reminders are left', () => {
    expect(remainingText(2)).toBe('剩余 2 次');
    expect(remainingText(0)).toBe('暂无剩余次数');
  });
});
