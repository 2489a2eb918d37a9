import { randomBytes } from 'node:crypto';
import type { LiabilityFigures, LiabilityReport, PrincipalBonus } from '@member/shared';
import { DataSource } from 'typeorm';
import { addBizDays } from '../../server/src/common/clock';
import { AppConfig } from '../../server/src/config/app-config';
import { TransactionRunner } from '../../server/src/database/transaction-runner';
import { LedgerService } from '../../server/src/ledger/ledger.service';
import { MemberDataRepository } from '../../server/src/modules/privacy/member-data.repository';
import { checkoutId } from './checkout-support';
import { bearer, loginMember, loginOperator, makeStaff, startTestServer, type TestServer } from './support';
import {
  activePlan,
  expectBooksBalance,
  loginAnalyst,
  policyVersion,
  requestId,
  topup,
  walletMember,
} from './wallet-support';

// The liability report against a sequence of real movements: a top-up with bonus paid in the sandbox,
// counter sales paying with stored value and a sale refund through the staff API, and — as ledger
// fixtures, standing in for flows of other parts — earlier balances on past days (keyed WALLET_IMPORT, as
// balances brought over from a previous system: the wallet's invariants rightly want a paid order behind
// every WALLET_TOPUP credit), spend yesterday, a principal refund with its bonus forfeit. Every figure is
// checked to the fen against sums taken independently (API answers, the lots each posting moved), and the
// closing balance against the ledger's system accounts and the members' own balances.
describe('wallet liability report', () => {
  let s: TestServer;
  let admin: string;
  let ds: DataSource;
  let ledger: LedgerService;
  let staffToken: string;
  let storeId: number;
  let storeName: string;
  let today: string;
  let d1: string;
  let d2: string;
  let qStart: string;
  const members: { id: number; token: string | null }[] = [];

  const at = (date: string) => s.clock.setNow(new Date(`${date}T12:00:00+08:00`));
  const memberIdOf = async (token: string) =>
    (await s.http.get('/api/v1/me').set(bearer(token)).expect(200)).body.id as number;
  const walletAccount = (memberId: number) => ledger.openAccount(null, memberId, 'WALLET');
  const credit = async (memberId: number, bizId: string, principal: number, bonus: number) => {
    const account = await walletAccount(memberId);
    const base = { accountId: account.id, bizId, reason: '导入余额' };
    await ledger.credit(null, {
      ...base,
      amount: principal,
      bizType: 'WALLET_IMPORT',
      lotKind: 'PRINCIPAL',
      contra: 'CASH_RECEIVED',
    });
    if (bonus)
      await ledger.credit(null, {
        ...base,
        amount: bonus,
        bizType: 'WALLET_IMPORT_BONUS',
        lotKind: 'BONUS',
        contra: 'BONUS_GRANTED',
      });
  };
  /** The bonus part of one posting, read from the lots it moved. */
  const bonusOf = async (entryId: number) =>
    Number(
      (
        await ds.query(
          `SELECT COALESCE(SUM(a.amount), 0) AS b FROM ledger_allocation a JOIN ledger_lot l ON l.id = a.lot_id
            WHERE a.entry_id = ? AND l.lot_kind = 'BONUS'`,
          [entryId],
        )
      )[0].b,
    );
  const pb = (principalFen: number, bonusFen: number): PrincipalBonus => ({
    principalFen,
    bonusFen,
    totalFen: principalFen + bonusFen,
  });
  const report = async (query: string, token = admin) =>
    (await s.http.get(`/api/v1/admin/wallet/liability?${query}`).set(bearer(token)).expect(200))
      .body as LiabilityReport;

  // What the sequence moved (filled in beforeAll).
  let expected: Record<'before' | 'd2' | 'd1' | 'today', Partial<Record<keyof LiabilityFigures, PrincipalBonus>>>;

  beforeAll(async () => {
    s = await startTestServer();
    admin = await loginOperator(s);
    ds = s.app.get(DataSource);
    ledger = s.app.get(LedgerService);
    const staff = await makeStaff(s, admin);
    staffToken = staff.staffToken;
    storeId = staff.store.id;
    storeName = staff.store.name;
    today = s.clock.today();
    d1 = addBizDays(today, -1);
    d2 = addBizDays(today, -2);
    const [y, m] = today.split('-').map(Number);
    qStart = `${y}-${String(Math.floor((m - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;

    const a = await walletMember(s);
    const aId = await memberIdOf(a.token);
    const b = await walletMember(s);
    const bId = await memberIdOf(b.token);
    const c = await loginMember(s);
    const cId = await memberIdOf(c.token);
    members.push({ id: aId, token: a.token }, { id: bId, token: b.token }, { id: cId, token: c.token });

    // Last quarter: C tops up ¥123.45 (the custody base).
    at(addBizDays(qStart, -10));
    await credit(cId, `TQ${cId}`, 12_345, 0);
    // Two days ago: A tops up ¥200 with ¥20 bonus.
    at(d2);
    await credit(aId, `TA${aId}`, 20_000, 2_000);
    // Yesterday: A spends ¥30 at the store (proportional to 20,000 : 2,000).
    at(d1);
    const aAccount = await walletAccount(aId);
    const spend = await ledger.debit(null, {
      accountId: aAccount.id,
      amount: 3_000,
      bizType: 'SALE_WALLET',
      bizId: `S${aId}-old`,
      reason: '储值支付',
      storeId,
      policy: { order: 'PROPORTIONAL' },
    });
    const oldBonus = await bonusOf(spend.id);
    s.clock.reset();

    // Today: B tops up through WeChat Pay (plan ¥100 + ¥10 bonus), paid in the sandbox.
    const plan = await activePlan(s, admin, { name: '充100送10', payFen: 10_000, bonusFen: 1_000 });
    const v = await policyVersion(s, b.token);
    const order = (await topup(s, b.token, { planId: plan.id, policyVersion: v, requestId: requestId() }).expect(201))
      .body;
    await s.http.post(`/sandbox/pay/transactions/${order.outTradeNo}/pay`).send({}).expect(200);
    for (let i = 0; i < 200; i++) {
      const st = (await s.http.get(`/api/v1/me/wallet/topups/${order.outTradeNo}`).set(bearer(b.token)).expect(200))
        .body;
      if (st.status === 'PAID') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    // A pays ¥77.77 of a ¥100 bill with stored value at the counter, then ¥40 of it is refunded.
    const receiptNo = `LB${randomBytes(4).toString('hex')}`;
    const sale = (
      await s.http
        .post('/api/v1/staff/purchases')
        .set(bearer(staffToken))
        .send({ checkoutId: await checkoutId(s, staffToken, a.token), receiptNo, amountFen: 10_000, walletFen: 7_777 })
        .expect(200)
    ).body;
    const back = (
      await s.http
        .post(`/api/v1/staff/purchases/${receiptNo}/refunds`)
        .set(bearer(staffToken))
        .send({ amountFen: 4_000, refundNo: `LR${randomBytes(4).toString('hex')}` })
        .expect(200)
    ).body;
    const reversals = (await ds.query(
      `SELECT e.id, e.amount FROM ledger_entry e WHERE e.account_id = ? AND e.entry_type = 'REVERSAL' AND e.biz_type = 'SALE_WALLET'`,
      [aAccount.id],
    )) as { id: number; amount: number | string }[];
    const returned = reversals.reduce((sum, r) => sum + Number(r.amount), 0);
    expect(returned).toBe(back.walletFen);
    let returnedBonus = 0;
    for (const r of reversals) returnedBonus += await bonusOf(Number(r.id));
    // B's principal ¥10 paid back with ¥1 bonus forfeited (the refund flow's two legs).
    const bAccount = await walletAccount(bId);
    await ledger.debit(null, {
      accountId: bAccount.id,
      amount: 1_000,
      bizType: 'WALLET_REFUND',
      bizId: `R${bId}`,
      reason: '退款',
      contra: 'REFUNDED',
      policy: { onlyKinds: ['PRINCIPAL'] },
    });
    await ledger.debit(null, {
      accountId: bAccount.id,
      amount: 100,
      bizType: 'WALLET_REFUND_FORFEIT',
      bizId: `R${bId}`,
      reason: '赠送作废',
      contra: 'FORFEITED',
      policy: { onlyKinds: ['BONUS'] },
    });
    expected = {
      before: { topups: pb(12_345, 0) },
      d2: { topups: pb(20_000, 0), bonusGranted: pb(0, 2_000) },
      d1: { spent: pb(3_000 - oldBonus, oldBonus) },
      today: {
        topups: pb(10_000, 0),
        bonusGranted: pb(0, 1_000),
        spent: pb(sale.walletPrincipalFen, sale.walletBonusFen),
        spendReturned: pb(returned - returnedBonus, returnedBonus),
        refunded: pb(1_000, 0),
        forfeited: pb(0, 100),
      },
    };
  });
  afterAll(async () => {
    s.clock.reset();
    try {
      await expectBooksBalance(ds);
    } finally {
      await s.close();
    }
  });

  /** Σ of the listed days' movements per line, and the closing they lead to from `opening`. */
  const statement = (opening: PrincipalBonus, days: (keyof typeof expected)[]) => {
    const lines = ['topups', 'bonusGranted', 'spent', 'spendReturned', 'refunded', 'forfeited', 'adjustments'] as const;
    const out = Object.fromEntries(lines.map((l) => [l, pb(0, 0)])) as Record<(typeof lines)[number], PrincipalBonus>;
    for (const d of days)
      for (const l of lines) {
        const m = expected[d][l];
        if (m) out[l] = pb(out[l].principalFen + m.principalFen, out[l].bonusFen + m.bonusFen);
      }
    const sign = {
      topups: 1,
      bonusGranted: 1,
      spent: -1,
      spendReturned: 1,
      refunded: -1,
      forfeited: -1,
      adjustments: 1,
    };
    const closing = lines.reduce(
      (acc, l) => pb(acc.principalFen + sign[l] * out[l].principalFen, acc.bonusFen + sign[l] * out[l].bonusFen),
      opening,
    );
    return { opening, ...out, closing };
  };

  it('states the period to the fen, principal and bonus apart, and ties out with the ledger', async () => {
    const r = await report(`from=${d2}&asOf=${today}`);
    const want = statement(pb(12_345, 0), ['d2', 'd1', 'today']);
    expect(r.total).toEqual(want);
    // closing = −Σ WALLET system legs = Σ member balances (each read from the member's own wallet page).
    let balances = 0;
    for (const m of members) balances += (await ledger.available(m.id, 'WALLET')).balance;
    expect(r.tieOut).toEqual({
      closingFen: want.closing.totalFen,
      systemAccountsFen: want.closing.totalFen,
      memberBalancesFen: balances,
      matches: true,
    });
    expect(balances).toBe(want.closing.totalFen);
    const aWallet = (await s.http.get('/api/v1/me/wallet').set(bearer(members[0].token!)).expect(200)).body;
    expect(aWallet.balanceFen).toBe(
      20_000 + 2_000 - 3_000 - expected.today.spent!.totalFen + expected.today.spendReturned!.totalFen,
    );
    // The chart: closing at the end of each day.
    expect(r.daily.map((p) => p.date)).toEqual([d2, d1, today]);
    expect(r.daily[2].closingFen).toBe(want.closing.totalFen);
    expect(r.daily[0].closingFen).toBe(12_345 + 22_000);
  });

  it('as of a past day excludes everything after it', async () => {
    const r = await report(`from=${d2}&asOf=${d1}`);
    expect(r.total).toEqual(statement(pb(12_345, 0), ['d2', 'd1']));
    expect(r.tieOut.matches).toBe(true);
    expect(r.tieOut.systemAccountsFen).toBe(12_345 + 22_000 - 3_000);
    // Today's opening is yesterday's closing.
    const t = await report(`from=${today}&asOf=${today}`);
    expect(t.total.opening).toEqual(r.total.closing);
  });

  it('groups by the store where the money moved (top-ups online) and by member', async () => {
    const r = await report(`from=${d2}&asOf=${today}&groupBy=store`);
    const online = r.rows.find((row) => row.storeId === null)!;
    const store = r.rows.find((row) => row.storeId === storeId)!;
    expect(online.label).toBe('线上充值');
    expect(online.topups.totalFen).toBe(30_000);
    expect(online.spent.totalFen).toBe(0);
    expect(store.label).toBe(storeName);
    expect(store.spent.totalFen).toBe(3_000 + expected.today.spent!.totalFen);
    expect(store.spendReturned).toEqual(expected.today.spendReturned);
    expect(store.topups.totalFen).toBe(0);
    const byMember = await report(`from=${d2}&asOf=${today}&groupBy=member`);
    for (const m of members) {
      const row = byMember.rows.find((x) => x.key === String(m.id))!;
      expect(row.closing.totalFen).toBe((await ledger.available(m.id, 'WALLET')).balance);
    }
    expect(byMember.rows.reduce((sum, row) => sum + row.closing.totalFen, 0)).toBe(byMember.total.closing.totalFen);
  });

  it('shows the bonus expense as configured and the custody line', async () => {
    const r = await report(`from=${d2}&asOf=${today}`);
    expect(r.bonusRecognition).toBe('DISCOUNT_ON_SPEND');
    expect(r.bonusExpenseFen).toBe(r.total.spent.bonusFen - r.total.spendReturned.bonusFen);
    const wallet = s.app.get(AppConfig).wallet as { bonusRecognition: string };
    wallet.bonusRecognition = 'EXPENSE_AT_GRANT';
    try {
      expect((await report(`from=${d2}&asOf=${today}`)).bonusExpenseFen).toBe(3_000 - 100);
    } finally {
      wallet.bonusRecognition = 'DISCOUNT_ON_SPEND';
    }
    // 40 % of the balance at the end of last quarter (C's ¥123.45, plus whatever of the sequence fell before).
    const quarterEndBalance = 12_345 + (d2 < qStart ? 22_000 : 0) + (d1 < qStart ? -3_000 : 0);
    expect(r.custody).toEqual({
      percent: 40,
      quarterEnd: addBizDays(qStart, -1),
      quarterEndBalanceFen: quarterEndBalance,
      requiredFen: Math.ceil((quarterEndBalance * 40) / 100),
    });
  });

  it('keeps the wallet records of an erased member (pseudonymised), so the books still tie out', async () => {
    const before = await report(`from=${d2}&asOf=${today}&groupBy=member`);
    const b = members[1];
    const entries = Number((await ds.query(`SELECT COUNT(*) AS n FROM ledger_entry`))[0].n);
    await s.app
      .get(TransactionRunner)
      .run((em) => s.app.get(MemberDataRepository).erase(em, b.id, 'ANONWALLET1', s.clock.now()));
    const orders = (await ds.query(`SELECT openid, status, pay_fen FROM topup_order WHERE member_id = ?`, [b.id])) as {
      openid: string;
      status: string;
    }[];
    expect(orders).toEqual([expect.objectContaining({ openid: 'erased:ANONWALLET1', status: 'PAID' })]);
    expect(Number((await ds.query(`SELECT COUNT(*) AS n FROM ledger_entry`))[0].n)).toBe(entries);
    const after = await report(`from=${d2}&asOf=${today}&groupBy=member`);
    expect(after.total).toEqual(before.total);
    expect(after.tieOut.matches).toBe(true);
    expect(after.rows.find((r) => r.key === String(b.id))).toMatchObject({ memberNo: 'ANONWALLET1' });
  });

  it('exports CSV (audited), keeps per-member statements from analysts, and refuses bad ranges', async () => {
    const csv = await s.http
      .get(`/api/v1/admin/wallet/liability?from=${d2}&asOf=${today}&format=csv`)
      .set(bearer(admin))
      .expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text).toContain('期初本金（元）');
    expect(csv.text).toContain('账本核对');
    const audit = await s.http
      .get('/api/v1/admin/audit-logs?action=wallet_liability.exported')
      .set(bearer(admin))
      .expect(200);
    expect(audit.body.items).toHaveLength(1);
    const analyst = await loginAnalyst(s, admin, 'lb');
    expect((await report(`from=${d2}&asOf=${today}&groupBy=store`, analyst)).rows.length).toBe(2);
    await s.http.get(`/api/v1/admin/wallet/liability?asOf=${today}&groupBy=member`).set(bearer(analyst)).expect(403);
    for (const q of [
      `from=${today}&asOf=${d1}`,
      `asOf=${addBizDays(today, 1)}`,
      'asOf=2026-13-01',
      `asOf=${today}&groupBy=all`,
    ]) {
      const res = await s.http.get(`/api/v1/admin/wallet/liability?${q}`).set(bearer(admin)).expect(400);
      expect(res.body.code).toMatch(/WALLET_LIABILITY_RANGE_INVALID|VALIDATION_FAILED/);
    }
  });
});
