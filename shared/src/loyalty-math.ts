import type { PointsRules } from './contracts/loyalty';

// Pure integer math for earning and spending points, shared by the server and the console simulator.
// Products go through BigInt so no intermediate value loses precision.

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000; // Asia/Shanghai has no DST.

function nonNegativeInt(value: number, field: string): bigint {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${field} must be a non-negative safe integer`);
  return BigInt(value);
}

const toNumber = (value: bigint): number => Number(value);

/**
 * Points earned for a payment: floor(paidFen × pointsPerYuan × tierPct × birthdayPct / 1_000_000)
 * (fen → yuan is /100, each percentage is /100). Rounded down once, at the end.
 */
export function earnPoints(
  rules: PointsRules,
  paidFen: number,
  tierMultiplierPct: number,
  isBirthdayMonth: boolean,
): number {
  const fen = nonNegativeInt(paidFen, 'paidFen');
  const rate = nonNegativeInt(rules.pointsPerYuan, 'pointsPerYuan');
  const tier = nonNegativeInt(tierMultiplierPct, 'tierMultiplierPct');
  const birthday = isBirthdayMonth ? nonNegativeInt(rules.birthdayMultiplierPct, 'birthdayMultiplierPct') : 100n;
  return toNumber((fen * rate * tier * birthday) / 1_000_000n);
}

/** Fen that `points` are worth, rounded down to whole fen. */
export function deductionFenFor(rules: PointsRules, points: number): number {
  const p = nonNegativeInt(points, 'points');
  const perYuan = positiveRate(rules);
  return toNumber((p * 100n) / perYuan);
}

/** Fewest points worth at least `fen` (ceil), so a member never pays points for a fraction of a fen. */
export function pointsForFen(rules: PointsRules, fen: number): number {
  const f = nonNegativeInt(fen, 'fen');
  const perYuan = positiveRate(rules);
  return toNumber(ceilDiv(f * perYuan, 100n));
}

/**
 * Most points a member may spend on a bill: 0 below the minimum spend; otherwise the deduction is capped
 * by maxPercentOfBill (rounded down to whole fen) and by the balance, and the answer is the fewest points
 * that buy the largest whole-fen deduction within both caps.
 */
export function maxDeductiblePoints(rules: PointsRules, billFen: number, balance: number): number {
  const bill = nonNegativeInt(billFen, 'billFen');
  const bal = nonNegativeInt(balance, 'balance');
  const perYuan = positiveRate(rules);
  const minSpend = nonNegativeInt(rules.deduction.minSpendFen, 'minSpendFen');
  const pct = nonNegativeInt(rules.deduction.maxPercentOfBill, 'maxPercentOfBill');
  if (pct > 100n) throw new RangeError('maxPercentOfBill must be at most 100');
  if (bill === 0n || bill < minSpend) return 0;

  const capFen = (bill * pct) / 100n;
  const balanceFen = (bal * 100n) / perYuan;
  const limitFen = capFen < balanceFen ? capFen : balanceFen;
  // The deduction can only take values floor(n × 100 / perYuan); find the largest one ≤ limitFen.
  const fenOf = (n: bigint) => (n * 100n) / perYuan;
  const n0 = (limitFen * perYuan) / 100n;
  let bestFen = fenOf(n0);
  if (n0 + 1n <= bal && fenOf(n0 + 1n) <= limitFen) bestFen = fenOf(n0 + 1n);
  return toNumber(ceilDiv(bestFen * perYuan, 100n));
}

/**
 * When points earned at `earnedAt` expire (a UTC instant):
 * - days: 23:59:59.999 Asia/Shanghai on the business day `days` days after the earning day
 *   (earned 2026-03-10 any time, 365 days → 2027-03-10 23:59:59.999 +08:00);
 * - end_of_next_year: 23:59:59.999 Asia/Shanghai on Dec 31 of the year after the earning year.
 */
export function expiryFor(rules: PointsRules, earnedAt: Date): Date {
  const local = new Date(earnedAt.getTime() + SHANGHAI_OFFSET_MS);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth();
  const d = local.getUTCDate();
  let endLocal: number;
  if (rules.expiry.kind === 'days') {
    const days = rules.expiry.days;
    if (!Number.isSafeInteger(days) || days < 0) throw new RangeError('expiry days must be a non-negative integer');
    endLocal = Date.UTC(y, m, d + days + 1) - 1;
  } else {
    endLocal = Date.UTC(y + 2, 0, 1) - 1;
  }
  return new Date(endLocal - SHANGHAI_OFFSET_MS);
}

/** True when the Asia/Shanghai month of `at` is the birthday's month ("YYYY-MM-DD"). */
export function isBirthdayMonth(birthday: string | null | undefined, at: Date): boolean {
  if (!birthday) return false;
  const local = new Date(at.getTime() + SHANGHAI_OFFSET_MS);
  return Number(birthday.slice(5, 7)) === local.getUTCMonth() + 1;
}

function positiveRate(rules: PointsRules): bigint {
  const rate = nonNegativeInt(rules.deduction.pointsPerYuan, 'deduction.pointsPerYuan');
  if (rate === 0n) throw new RangeError('deduction.pointsPerYuan must be positive');
  return rate;
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}
