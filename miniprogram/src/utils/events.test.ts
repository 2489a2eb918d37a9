import { ErrorCode, ERRORS, isIdempotencyKey, type EventCheckinResult, type EventDetail } from '@member/shared';
import { ApiError } from '../services/api-error';
import {
  bannerOfError,
  bannerOfResult,
  cancelDialogText,
  counterText,
  detailCta,
  eventPhase,
  eventTimeRange,
  feeText,
  groupTicketCode,
  partyCashFen,
  paymentText,
  signupPaySecondsLeft,
  maskNickname,
  myStatusTag,
  newEventRequestId,
  normalizeCheckinCode,
  openSignupAttempt,
  partyFits,
  seatsText,
  sheetCta,
  signupAttemptAfterFailure,
  signupNextStep,
  signupRequestFor,
  ticketStateText,
  upcomingDays,
  venueText,
  waitlistText,
} from './events';

// 2026-12-01 10:00 Asia/Shanghai.
const NOW = Date.parse('2026-12-01T02:00:00Z');

function apiError(code: ErrorCode): ApiError {
  return new ApiError(code, ERRORS[code].message, ERRORS[code].status);
}

function detail(over: Partial<EventDetail> = {}): EventDetail {
  return {
    id: 7,
    title: '周末咖啡品鉴会',
    coverUrl: null,
    thumbUrl: null,
    store: { id: 1, name: '南京西路店', address: '南京西路 100 号' },
    address: null,
    startsAt: '2026-12-05T06:00:00Z',
    endsAt: '2026-12-05T08:00:00Z',
    signupStartsAt: '2026-11-25T00:00:00Z',
    signupEndsAt: '2026-12-05T05:00:00Z',
    status: 'PUBLISHED',
    feeKind: 'POINTS',
    feePoints: 300,
    feeFen: 0,
    capacity: 40,
    seatsLeft: 8,
    waitlistParties: 0,
    myStatus: null,
    description: '',
    posters: [],
    tierCodes: null,
    maxCompanions: 2,
    cancelDeadline: '2026-12-04T06:00:00Z',
    reward: { points: 50, coupon: null },
    mySignup: null,
    signupBlock: null,
    waitlistOnly: false,
    waitlistOnlyUntil: null,
    noShowRule: '90 天内 3 次报名未到场，之后 30 天内只能候补报名',
    pointsBalance: 2000,
    sessionCount: 0,
    nextSessionStartsAt: null,
    sessions: [],
    ...over,
  };
}

const signup = {
  id: 3,
  eventId: 7,
  session: null,
  status: 'CONFIRMED' as const,
  companions: 1,
  partySize: 2,
  ticketCode: 'ABCD2345EFGH',
  ticketQr: 'EVT:ABCD2345EFGH',
  waitlistPosition: null,
  feePoints: 600,
  feeRefunded: false,
  payment: null,
  canCancel: true,
  createdAt: '2026-11-30T02:00:00Z',
  promotedAt: null,
  checkedInAt: null,
  cancelledAt: null,
  endReason: null,
  skipNote: null,
};

describe('event phase and card tags', () => {
  it('reads the phase from status, times and seats', () => {
    expect(eventPhase(detail(), NOW)).toBe('OPEN');
    expect(eventPhase(detail({ seatsLeft: 0 }), NOW)).toBe('FULL');
    expect(eventPhase(detail({ signupStartsAt: '2026-12-02T00:00:00Z' }), NOW)).toBe('NOT_STARTED');
    expect(eventPhase(detail({ signupEndsAt: '2026-12-01T01:00:00Z' }), NOW)).toBe('SIGNUP_CLOSED');
    expect(eventPhase(detail({ status: 'CLOSED' }), NOW)).toBe('SIGNUP_CLOSED');
    expect(eventPhase(detail({ endsAt: '2026-12-01T01:59:59Z' }), NOW)).toBe('ENDED');
    expect(eventPhase(detail({ status: 'CANCELLED' }), NOW)).toBe('CANCELLED');
  });

  it('tags the member’s own sign-up, not a cancelled one', () => {
    expect(myStatusTag('CONFIRMED')).toEqual({ text: '已报名', tone: 'success' });
    expect(myStatusTag('WAITLISTED')).toEqual({ text: '候补中', tone: 'warning' });
    expect(myStatusTag('CANCELLED')).toBeNull();
    expect(myStatusTag(null)).toBeNull();
  });

  it('formats time, place, fee and seats', () => {
    expect(eventTimeRange('2026-12-05T06:00:00Z', '2026-12-05T08:30:00Z')).toBe('2026-12-05 14:00–16:30');
    expect(eventTimeRange('2026-12-05T06:00:00Z', '2026-12-06T02:00:00Z')).toBe('2026-12-05 14:00 至 2026-12-06 10:00');
    expect(venueText(detail())).toBe('南京西路店 · 南京西路 100 号');
    expect(venueText(detail({ address: '徐汇滨江 3 号码头' }))).toBe('南京西路店 · 徐汇滨江 3 号码头');
    expect(venueText(detail({ store: { id: 1, name: '南京西路店', address: null } }))).toBe('南京西路店');
    expect(feeText(detail({ feePoints: 1200 }))).toBe('1,200 积分/人');
    expect(feeText(detail({ feeKind: 'FREE', feePoints: 0 }))).toBe('免费');
    expect(feeText(detail({ feeKind: 'CASH', feeFen: 5000 }))).toBe('¥50.00/人');
    expect(seatsText(detail())).toBe('剩余 8 个名额');
    expect(seatsText(detail({ seatsLeft: 0, waitlistParties: 3 }))).toBe('名额已满 · 3 组候补中');
  });
});

describe('detail CTA per state', () => {
  it('立即报名 → 加入候补 → 查看门票', () => {
    expect(detailCta(detail(), NOW)).toMatchObject({ action: 'signup', text: '立即报名' });
    expect(detailCta(detail({ seatsLeft: 0 }), NOW)).toMatchObject({ action: 'waitlist', text: '加入候补' });
    expect(detailCta(detail({ mySignup: signup }), NOW)).toMatchObject({ action: 'ticket', text: '查看门票' });
    expect(
      detailCta(detail({ mySignup: { ...signup, status: 'WAITLISTED', waitlistPosition: 3 } }), NOW),
    ).toMatchObject({ action: 'ticket', text: '候补第3位 · 查看' });
  });

  it('a member under the no-show rule joins the waitlist and is told until when', () => {
    const cta = detailCta(detail({ waitlistOnly: true, waitlistOnlyUntil: '2026-12-30T16:00:00Z' }), NOW);
    expect(cta).toEqual({
      action: 'waitlist',
      text: '加入候补',
      note: '因多次未到场，2026-12-31 00:00 前只能候补报名',
    });
  });

  it('says why not when the member cannot sign up', () => {
    expect(detailCta(detail({ signupBlock: 'NOT_ELIGIBLE' }), NOW)).toMatchObject({
      action: 'none',
      text: '会员等级不符',
    });
    expect(detailCta(detail({ signupBlock: 'NOT_ENOUGH_POINTS', pointsBalance: 120 }), NOW)).toEqual({
      action: 'none',
      text: '积分不足',
      note: '报名需 300 积分，当前 120 积分',
    });
    expect(detailCta(detail({ signupStartsAt: '2026-12-02T01:00:00Z' }), NOW).text).toBe('2026-12-02 09:00 开始报名');
    expect(detailCta(detail({ signupBlock: 'CLOSED' }), NOW).text).toBe('报名已截止');
    expect(detailCta(detail({ status: 'CANCELLED' }), NOW).text).toBe('活动已取消');
    expect(detailCta(detail({ endsAt: '2026-12-01T01:00:00Z' }), NOW).text).toBe('活动已结束');
    expect(detailCta(detail({ signupBlock: 'ALREADY_SIGNED_UP' }), NOW).action).toBe('ticket');
  });
});

describe('sign-up sheet', () => {
  it('charges per person and falls to the waitlist when the party does not fit', () => {
    expect(sheetCta(detail(), 2)).toBe('确认报名 · 900 积分');
    expect(sheetCta(detail({ feeKind: 'FREE', feePoints: 0 }), 0)).toBe('确认报名（免费）');
    expect(partyFits(detail({ seatsLeft: 2 }), 2)).toBe(false);
    expect(sheetCta(detail({ seatsLeft: 2 }), 2)).toBe('加入候补');
    expect(sheetCta(detail({ waitlistOnly: true }), 0)).toBe('加入候补');
  });

  it('keeps the request id and body while an answer is missing, a new id after a refusal', () => {
    const attempt = openSignupAttempt(() => 'S1');
    const body = signupRequestFor(attempt, { companions: 1 });
    expect(body).toEqual({ companions: 1, requestId: 'S1' });
    const unsure = signupAttemptAfterFailure(attempt, body, new Error('timeout'), () => 'S2');
    expect(unsure).toEqual({ requestId: 'S1', sent: { companions: 1 } });
    // The sheet shows 2 companions now, but the retry resends what was sent.
    expect(signupRequestFor(unsure, { companions: 2 })).toEqual({ companions: 1, requestId: 'S1' });
    const refused = signupAttemptAfterFailure(unsure, body, apiError(ErrorCode.EVENT_CLOSED), () => 'S2');
    expect(refused).toEqual({ requestId: 'S2', sent: null });
  });

  it('maps each refusal to a next step', () => {
    expect(signupNextStep(new Error('network'))).toBe('retry');
    expect(signupNextStep(apiError(ErrorCode.EVENT_ALREADY_SIGNED_UP))).toBe('ticket');
    expect(signupNextStep(apiError(ErrorCode.EVENT_NOT_ENOUGH_POINTS))).toBe('points');
    expect(signupNextStep(apiError(ErrorCode.EVENT_WAITLIST_ONLY))).toBe('reload');
    expect(signupNextStep(apiError(ErrorCode.EVENT_COMPANIONS_EXCEEDED))).toBe('reload');
  });

  it('makes request ids the server accepts', () => {
    const id = newEventRequestId('S', () => 0.5, NOW);
    expect(isIdempotencyKey(id)).toBe(true);
    expect(id.startsWith('S')).toBe(true);
  });
});

describe('tickets and waitlist text', () => {
  it('says 待签到 / 已签到 / 候补第3位', () => {
    expect(ticketStateText(signup)).toBe('待签到');
    expect(ticketStateText({ ...signup, status: 'CHECKED_IN' })).toBe('已签到');
    expect(ticketStateText({ ...signup, status: 'WAITLISTED', waitlistPosition: 3 })).toBe('候补第3位');
    expect(waitlistText(null)).toBe('候补中');
    expect(groupTicketCode('ABCD2345EFGH')).toBe('ABCD 2345 EFGH');
  });

  it('tells in the cancel dialog that the fee comes back before the deadline', () => {
    expect(cancelDialogText(signup, '2026-12-04T06:00:00Z')).toBe(
      '2026-12-04 14:00 前可取消。报名所用 600 积分将退回您的积分账户。名额将释放给候补会员，取消后不能恢复。',
    );
    expect(cancelDialogText({ ...signup, status: 'WAITLISTED', feePoints: 0 }, null)).toMatch(/失去当前候补位置/);
  });

  it('a cash fee: 待支付 with the time left, what comes back on cancel, and the refund', () => {
    const payment = {
      outTradeNo: 'E2026120112345678901',
      amountFen: 7_980,
      status: 'PENDING' as const,
      payUntil: '2026-12-01T02:15:00Z',
      paidAt: null,
      refundStatus: null,
      refundFen: 0,
    };
    const pending = { ...signup, status: 'PENDING_PAYMENT' as const, feePoints: 0, ticketCode: null, payment };
    expect(signupPaySecondsLeft(pending, Date.parse('2026-12-01T02:05:30Z'))).toBe(570);
    expect(signupPaySecondsLeft(pending, Date.parse('2026-12-01T02:20:00Z'))).toBe(0);
    expect(signupPaySecondsLeft(signup, NOW)).toBeNull();
    expect(paymentText(payment)).toBe('报名费 ¥79.80 · 待支付');
    expect(cancelDialogText(pending, null)).toMatch(/尚未支付/);
    expect(detailCta(detail({ mySignup: pending }), NOW)).toMatchObject({ action: 'ticket', text: '待支付 · 去支付' });
    const paid = { ...pending, status: 'CONFIRMED' as const, payment: { ...payment, status: 'PAID' as const } };
    expect(cancelDialogText(paid, '2026-12-04T06:00:00Z')).toBe(
      '2026-12-04 14:00 前可取消。报名费 ¥79.80 将原路退回您的微信支付账户。名额将释放给候补会员，取消后不能恢复。',
    );
    expect(paymentText({ ...paid.payment, refundStatus: 'SUCCESS', refundFen: 7_980 })).toBe(
      '报名费 ¥79.80 · 已支付 · 已退款 ¥79.80',
    );
    expect(partyCashFen(detail({ feeKind: 'CASH', feeFen: 3_990 }), 1)).toBe(7_980);
    const cashEvent = detail({ feeKind: 'CASH', feePoints: 0, feeFen: 3_990 });
    expect(detailCta(cashEvent, NOW)).toMatchObject({ action: 'signup', text: '立即报名' });
    expect(sheetCta(cashEvent, 1)).toBe('确认报名 · ¥79.80');
  });

  it('offers the next seven Shanghai days', () => {
    // 2026-12-01 23:30 in Shanghai is still the 1st there.
    const days = upcomingDays(Date.parse('2026-12-01T15:30:00Z'));
    expect(days.map((d) => d.date)).toEqual([
      '2026-12-01',
      '2026-12-02',
      '2026-12-03',
      '2026-12-04',
      '2026-12-05',
      '2026-12-06',
      '2026-12-07',
    ]);
    expect(days.slice(0, 3).map((d) => d.label)).toEqual(['今天', '明天', '周四 12-03']);
  });
});

describe('check-in banners', () => {
  const result: EventCheckinResult = {
    event: { id: 7, title: '周末咖啡品鉴会', startsAt: '2026-12-05T06:00:00Z' },
    session: null,
    member: { memberNo: 'M100200', nickname: '陈一鸣' },
    signupId: 3,
    partySize: 2,
    walkIn: false,
    checkedInAt: '2026-12-05T05:50:00Z',
    payment: null,
    duplicate: false,
    reward: { points: 50, couponId: null },
    counters: {
      capacity: 40,
      seatsTaken: 40,
      seatsLeft: 0,
      signedUpParties: 30,
      signedUpPeople: 40,
      checkedInParties: 25,
      checkedInPeople: 32,
      waitlistParties: 4,
      waitlistPeople: 5,
      noShowParties: 0,
      walkInParties: 0,
    },
  };

  it('green 已签到, red 重复签到 and 非本场 from a result', () => {
    expect(bannerOfResult(result, 7)).toEqual({ tone: 'ok', title: '已签到', detail: '陈** · 共 2 人 · 奖励 50 积分' });
    expect(bannerOfResult({ ...result, duplicate: true }, 7)).toEqual({
      tone: 'bad',
      title: '重复签到',
      detail: '陈** · 共 2 人 · 13:50 已签到',
    });
    expect(bannerOfResult(result, 8)).toMatchObject({ tone: 'bad', title: '非本场' });
    expect(bannerOfResult({ ...result, walkIn: true }, 7).title).toBe('已签到（现场报名）');
  });

  it('orange 待会员支付 for a walk-in at a cash-fee event, with the amount and the deadline', () => {
    const pending = {
      ...result,
      walkIn: true,
      checkedInAt: null,
      reward: { points: 0, couponId: null },
      payment: { amountFen: 9900, payUntil: '2026-12-05T06:05:00Z' },
    };
    expect(bannerOfResult(pending, 7)).toEqual({
      tone: 'wait',
      title: '待会员支付',
      detail: '陈** · 共 2 人 · ¥99.00 · 请会员在「我的活动」中于 14:05 前支付，付款后扫描门票签到',
    });
  });

  it('red banners from refusals; an unanswered scan is unsure', () => {
    const other = apiError(ErrorCode.EVENT_CHECKIN_OTHER_STORE);
    expect(bannerOfError(other, other.message)).toMatchObject({ tone: 'bad', title: '非本店' });
    expect(bannerOfError(apiError(ErrorCode.EVENT_SIGNUP_NOT_FOUND), 'x').title).toBe('非本场');
    expect(bannerOfError(apiError(ErrorCode.EVENT_TICKET_OTHER_EVENT), 'x').title).toBe('非本场');
    expect(bannerOfError(apiError(ErrorCode.EVENT_TICKET_UNKNOWN), 'x').title).toBe('票码无效');
    expect(bannerOfError(apiError(ErrorCode.VALIDATION_FAILED), 'x').title).toBe('签到失败');
    expect(bannerOfError(new Error('timeout'), '网络异常')).toMatchObject({ tone: 'bad', unsure: true });
  });

  it('counts people: 已签 32/40 · 候补 5', () => {
    expect(counterText(result.counters)).toBe('已签 32/40 · 候补 5');
  });

  it('normalises what was scanned or typed', () => {
    expect(normalizeCheckinCode(' evt:ABCD2345EFGH ')).toBe('EVT:ABCD2345EFGH');
    expect(normalizeCheckinCode('ABCD 2345 EFGH')).toBe('ABCD2345EFGH');
    expect(maskNickname('')).toBe('会员');
    expect(maskNickname('周婷')).toBe('周*');
  });
});
