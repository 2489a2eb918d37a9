import {
  formatCny,
  type MemberTopup,
  type MemberTopupPlan,
  type TopupCreated,
  type WalletHistoryItem,
  type WalletSummary,
} from '@member/shared';
import { isApiError } from '../services/api-error';
import { parseYuanToFen } from './money-input';

// Pure logic of the member's stored-value (储值) pages: what to pay, the retry key, the result poll.

export const WALLET_URLS = {
  index: '/packages/wallet/index/index',
  history: '/packages/wallet/history/index',
  result: '/packages/wallet/result/index',
} as const;

/** What the member is about to pay for: a plan, or a free amount (fen). */
export type TopupChoice = { planId: number } | { amountFen: number };

/** "+¥560.00" / "-¥30.00" / "¥0.00": the sign carries the meaning, not the colour. */
export function formatSignedCny(fen: number): string {
  if (fen > 0) return `+${formatCny(fen)}`;
  if (fen < 0) return `-${formatCny(-fen)}`;
  return formatCny(0);
}

/** "送 ¥60.00" for the plan's highlight tag; null when the plan has no bonus. */
export function bonusTag(plan: Pick<MemberTopupPlan, 'bonusFen'>): string | null {
  return plan.bonusFen > 0 ? `送 ${formatCny(plan.bonusFen)}` : null;
}

/** "到账 ¥560.00": what lands in the wallet. */
export function creditedLine(plan: Pick<MemberTopupPlan, 'payFen' | 'bonusFen'>): string {
  return `到账 ${formatCny(plan.payFen + plan.bonusFen)}`;
}

/** "还可购买 2 次" when the plan is limited per member; null when unlimited or used up (the reason says so). */
export function remainingLine(plan: Pick<MemberTopupPlan, 'remainingForMember' | 'available'>): string | null {
  if (plan.remainingForMember === null || !plan.available) return null;
  return `还可购买 ${plan.remainingForMember} 次`;
}

export type AmountCheck = { ok: true; fen: number } | { ok: false; error: string };

/**
 * The free amount typed in 元, checked against the summary's bounds and the cap (the server checks again;
 * this only spares the member a round trip).
 */
export function checkCustomAmount(
  input: string,
  summary: Pick<WalletSummary, 'minTopupFen' | 'maxTopupFen' | 'capFen' | 'balanceFen'>,
): AmountCheck {
  const parsed = parseYuanToFen(input, '充值');
  const range = `充值金额须在 ${formatCny(summary.minTopupFen)} 至 ${formatCny(summary.maxTopupFen)} 之间`;
  if (!parsed.ok) return parsed.error.startsWith('单笔') ? { ok: false, error: range } : parsed;
  if (parsed.fen < summary.minTopupFen || parsed.fen > summary.maxTopupFen) return { ok: false, error: range };
  if (summary.balanceFen + parsed.fen > summary.capFen) {
    return { ok: false, error: `充值后余额将超出储值上限 ${formatCny(summary.capFen)}` };
  }
  return { ok: true, fen: parsed.fen };
}

/** The amount the pay button names, for the chosen plan or the valid free amount. */
export function payFenOf(choice: TopupChoice | null, plans: MemberTopupPlan[]): number | null {
  if (!choice) return null;
  if ('amountFen' in choice) return choice.amountFen;
  return plans.find((p) => p.id === choice.planId)?.payFen ?? null;
}

/** The plan to preselect: the first one the member may buy. */
export function defaultChoice(plans: MemberTopupPlan[]): TopupChoice | null {
  const first = plans.find((p) => p.available);
  return first ? { planId: first.id } : null;
}

/** A top-up's request id: one per attempt, reused when the same attempt is sent again. */
export function newTopupRequestId(random: () => number = Math.random, now = Date.now()): string {
  const tail = Math.floor(random() * 36 ** 8)
    .toString(36)
    .padStart(8, '0');
  return `W${now.toString(36)}${tail}`;
}

/** A top-up attempt: the choice, its request id, and the order once the server answered. */
export interface TopupAttempt {
  choice: TopupChoice;
  requestId: string;
  order: TopupCreated | null;
}

function sameChoice(a: TopupChoice, b: TopupChoice): boolean {
  return 'planId' in a ? 'planId' in b && a.planId === b.planId : 'amountFen' in b && a.amountFen === b.amountFen;
}

/**
 * The attempt to send now. Paying again for the same choice (after a cancelled payment or a lost answer)
 * reuses the request id, so the server answers the same order instead of opening another unpaid one that
 * would count against the plan's limit. A different choice, or an order past its expiry, starts afresh.
 */
export function topupAttemptFor(
  pending: TopupAttempt | null,
  choice: TopupChoice,
  now = Date.now(),
  newId: () => string = newTopupRequestId,
): TopupAttempt {
  const expired = pending?.order ? Date.parse(pending.order.expiresAt) - 60_000 <= now : false;
  if (pending && sameChoice(pending.choice, choice) && !expired) return pending;
  return { choice, requestId: newId(), order: null };
}

/**
 * Whether a failed top-up request may still have created the order: no HTTP answer or a server error
 * (except 503 WALLET_PAY_UNAVAILABLE, where the order exists but cannot be paid now; retrying the same id
 * asks WeChat again for the same order). A 4xx refusal ends the attempt.
 */
export function keepAttemptAfter(e: unknown): boolean {
  return !isApiError(e) || e.status === 0 || e.status >= 500;
}

/** What the result page shows for a top-up's status after polling. */
export type TopupOutcome = 'success' | 'waiting' | 'closed' | 'refunded';

export function topupOutcome(status: MemberTopup['status']): TopupOutcome {
  if (status === 'PAID') return 'success';
  if (status === 'CLOSED') return 'closed';
  if (status === 'REFUNDED') return 'refunded';
  return 'waiting';
}

export interface PollOptions {
  intervalMs?: number;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Stops early (e.g. the page was closed). */
  cancelled?: () => boolean;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Asks for the order until it is no longer NOTPAY or the time is up; the last answer decides the screen.
 * A failed request is tried again on the next tick; when every request failed, the last error is thrown.
 */
export async function pollTopup(
  fetchTopup: () => Promise<MemberTopup>,
  { intervalMs = 1000, timeoutMs = 15_000, sleep = defaultSleep, now = Date.now, cancelled }: PollOptions = {},
): Promise<MemberTopup> {
  const deadline = now() + timeoutMs;
  let last: MemberTopup | null = null;
  let lastError: unknown = null;
  for (;;) {
    try {
      last = await fetchTopup();
      if (last.status !== 'NOTPAY') return last;
    } catch (e) {
      lastError = e;
    }
    if (now() + intervalMs > deadline || cancelled?.()) break;
    await sleep(intervalMs);
  }
  if (last) return last;
  throw lastError;
}

/** 本金 and 赠送 of one history line, signed: "本金 +¥500.00 · 赠送 +¥60.00" (赠送 left out when 0). */
export function splitLine(item: Pick<WalletHistoryItem, 'principalFen' | 'bonusFen'>): string {
  const parts = [`本金 ${formatSignedCny(item.principalFen)}`];
  if (item.bonusFen !== 0) parts.push(`赠送 ${formatSignedCny(item.bonusFen)}`);
  return parts.join(' · ');
}

export const WALLET_KIND_LABELS: Record<WalletHistoryItem['kind'], string> = {
  TOPUP: '充值',
  SPEND: '消费',
  SPEND_RETURNED: '消费退回',
  REFUND: '退款',
  ADJUSTMENT: '调整',
};
