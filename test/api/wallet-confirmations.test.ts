import type {
  CardActivity,
  PurchaseQuote,
  PurchaseResult,
  WalletChargeDecision,
  WalletConfirmation,
  WalletSummary,
} from '@member/shared';
import { DataSource } from 'typeorm';
import { JobRegistry } from '../../server/src/jobs/job-registry';
import { JobRunner } from '../../server/src/jobs/job-runner.service';
import { checkLedgerInvariants } from '../../server/src/ledger/ledger-invariants';
import { LedgerService } from '../../server/src/ledger/ledger.service';
import { WalletConfirmationExpiryJob } from '../../server/src/modules/sales/wallet-confirmation-expiry.job';
import { WalletConfirmationsService } from '../../server/src/modules/sales/wallet-confirmations.service';
import { checkoutId } from './checkout-support';
import { bearer, loginMember, loginOperator, makeStaff, startTestServer, type TestServer } from './support';

jest.setTimeout(120_000);

// Issue 11 item 5: above wallet.confirmAboveFen (default ¥200) the member confirms a stored-value charge on
// their own phone before the sale may spend it; the amount is held from the clerk's request on. Wallets are
// filled straight through the ledger (a fixture standing in for a paid top-up, as in wallet-tender.test.ts).
describe('stored value above the threshold: the member confirms on their phone', () => {
  let s: TestServer;
  let staffToken: string;
  let otherStaffToken: string;
  let ledger: LedgerService;
  let ds: DataSource;
  beforeAll(async () => {
    s = await startTestServer();
    const admin = await loginOperator(s);
    ({ staffToken } = await makeStaff(s, admin));
    ({ staffToken: otherStaffToken } = await makeStaff(s, admin));
    ledger = s.app.get(LedgerService);
    ds = s.app.get(DataSource);
  });
  afterAll(async () => {
    s.clock.reset();
    expect((await checkLedgerInvariants(ds)).violations).toEqual([]);
    await s.close();
  });

  let seq = 0;
  const receipt = () => `WC${Date.now()}${++seq}`;

  /** A member with `principal` + `bonus` of stored value (one top-up). */
  const memberWith = async (principal: number, bonus = 0) => {
    const m = await loginMember(s);
    const id = (await s.http.get('/api/v1/me').set(bearer(m.token)).expect(200)).body.id as number;
    const account = await ledger.openAccount(null, id, 'WALLET');
    const base = { accountId: account.id, bizId: `C${id}`, reason: '测试充值' };
    await ledger.credit(null, {
      ...base,
      amount: principal,
      bizType: 'WALLET_TOPUP',
      lotKind: 'PRINCIPAL',
      contra: 'CASH_RECEIVED',
    });
    if (bonus) {
      await ledger.credit(null, {
        ...base,
        amount: bonus,
        bizType: 'WALLET_TOPUP_BONUS',
        lotKind: 'BONUS',
        contra: 'BONUS_GRANTED',
      });
    }
    return { ...m, id, accountId: account.id };
  };
  const wallet = async (token: string) =>
    (await s.http.get('/api/v1/me/wallet').set(bearer(token)).expect(200)).body as WalletSummary;
  const ask = (checkout: number, body: { receiptNo: string; amountFen: number }, token = staffToken) =>
    s.http.post(`/api/v1/staff/checkouts/${checkout}/wallet-confirmations`).set(bearer(token)).send(body);
  const poll = async (id: number, token = staffToken) =>
    (await s.http.get(`/api/v1/staff/wallet-confirmations/${id}`).set(bearer(token)).expect(200))
      .body as WalletConfirmation;
  const decide = (token: string, id: number, what: 'confirm' | 'decline') =>
    s.http.post(`/api/v1/me/wallet/charge-confirmations/${id}/${what}`).set(bearer(token));
  const buy = (body: Record<string, unknown>) =>
    s.http.post('/api/v1/staff/purchases').set(bearer(staffToken)).send(body);
  const activity = async (token: string) =>
    (
      await s.http
        .get('/api/v1/me/card/activity')
        .query({ since: new Date(Date.now() - 60_000).toISOString() })
        .set(bearer(token))
        .expect(200)
    ).body as CardActivity;
  const holdOf = async (id: number) => {
    const [row] = (await ds.query(
      `SELECT h.status AS status, h.amount AS amount FROM wallet_charge_confirmation w
         JOIN ledger_hold h ON h.id = w.hold_id WHERE w.id = ?`,
      [id],
    )) as { status: string; amount: number | string }[];
    return { status: row.status, amount: Number(row.amount) };
  };
  /** A checkout, and a request for `amountFen` on a fresh receipt, answered 201. */
  const asked = async (m: { token: string }, amountFen: number) => {
    const checkout = await checkoutId(s, staffToken, m.token);
    const receiptNo = receipt();
    const res = await ask(checkout, { receiptNo, amountFen }).expect(201);
    return { checkout, receiptNo, confirmation: res.body as WalletConfirmation };
  };

  it('the quote tells the till the threshold; at or below it a sale needs no confirmation, above it does', async () => {
    const m = await memberWith(100_000);
    const quote = (
      await s.http
        .post('/api/v1/staff/purchases/quote')
        .set(bearer(staffToken))
        .send({ checkoutId: await checkoutId(s, staffToken, m.token), amountFen: 50_000 })
        .expect(200)
    ).body as PurchaseQuote;
    expect(quote.walletConfirm).toEqual({ aboveFen: 20_000, timeoutSeconds: 120 });

    await buy({
      checkoutId: await checkoutId(s, staffToken, m.token),
      receiptNo: receipt(),
      amountFen: 30_000,
      walletFen: 20_000,
    }).expect(200);
    const refused = await buy({
      checkoutId: await checkoutId(s, staffToken, m.token),
      receiptNo: receipt(),
      amountFen: 30_000,
      walletFen: 20_001,
    }).expect(409);
    expect(refused.body.code).toBe('WALLET_CONFIRMATION_REQUIRED');
    expect((await wallet(m.token)).balanceFen).toBe(80_000);
  });

  it('holds the amount, shows the request on the card, and the confirmed sale spends it exactly once', async () => {
    const m = await memberWith(50_000, 5000);
    const { checkout, receiptNo, confirmation } = await asked(m, 30_000);
    expect(confirmation).toMatchObject({ checkoutId: checkout, receiptNo, amountFen: 30_000, status: 'PENDING' });
    const left = new Date(confirmation.expiresAt).getTime() - new Date(confirmation.serverTime).getTime();
    expect(left).toBeGreaterThan(115_000);
    expect(left).toBeLessThanOrEqual(120_000);
    // Held: nothing else can spend it while the member decides.
    expect((await wallet(m.token)).balanceFen).toBe(25_000);
    expect(await holdOf(confirmation.id)).toEqual({ status: 'pending', amount: 30_000 });

    const card = await activity(m.token);
    expect(card.walletConfirmation).toMatchObject({ id: confirmation.id, amountFen: 30_000, balanceAfterFen: 25_000 });
    expect(card.walletConfirmation!.storeName).toBeTruthy();

    // Before the member answers the sale is told to wait.
    const early = await buy({
      checkoutId: checkout,
      receiptNo,
      amountFen: 40_000,
      walletFen: 30_000,
      walletConfirmationId: confirmation.id,
    });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('WALLET_CONFIRMATION_PENDING');

    const first = (await decide(m.token, confirmation.id, 'confirm').expect(200)).body as WalletChargeDecision;
    expect(first).toMatchObject({ id: confirmation.id, status: 'CONFIRMED', amountFen: 30_000 });
    // Confirming twice answers the same decision.
    expect((await decide(m.token, confirmation.id, 'confirm').expect(200)).body).toEqual(first);
    expect((await activity(m.token)).walletConfirmation).toBeNull();
    const confirmed = await poll(confirmation.id);
    expect(confirmed.status).toBe('CONFIRMED');
    // Usable for the rest of the checkout's 10 minutes.
    expect(new Date(confirmed.expiresAt).getTime() - Date.now()).toBeGreaterThan(500_000);

    const sale = (
      await buy({
        checkoutId: checkout,
        receiptNo,
        amountFen: 40_000,
        walletFen: 30_000,
        walletConfirmationId: confirmation.id,
      }).expect(200)
    ).body as PurchaseResult;
    // 30,000 × 50,000/55,000 = 27,272.7 → principal 27,273, bonus 2,727 (the tender's proportional policy).
    expect(sale).toMatchObject({
      walletFen: 30_000,
      walletPrincipalFen: 27_273,
      walletBonusFen: 2727,
      walletBalanceFen: 25_000,
      payableFen: 10_000,
    });
    expect(await wallet(m.token)).toMatchObject({
      balanceFen: 25_000,
      principalFen: 50_000 - 27_273,
      bonusFen: 5000 - 2727,
    });
    expect(await holdOf(confirmation.id)).toEqual({ status: 'voided', amount: 30_000 });
    expect((await poll(confirmation.id)).status).toBe('USED');
    // A retry of the sale answers the first result; the request cannot pay a second sale.
    const again = await buy({
      checkoutId: checkout,
      receiptNo,
      amountFen: 40_000,
      walletFen: 30_000,
      walletConfirmationId: confirmation.id,
    }).expect(200);
    expect(again.body).toMatchObject({ purchaseId: sale.purchaseId, replayed: true });
    const other = await buy({
      checkoutId: await checkoutId(s, staffToken, m.token),
      receiptNo: receipt(),
      amountFen: 25_000,
      walletFen: 25_000,
      walletConfirmationId: confirmation.id,
    }).expect(409);
    expect(other.body.code).toBe('WALLET_CONFIRMATION_MISMATCH');
    // The member's card shows 消费成功 with the stored value paid.
    const done = (
      await s.http
        .get('/api/v1/me/card/activity')
        .query({ since: new Date(Date.now() - 60_000).toISOString(), checkoutId: checkout })
        .set(bearer(m.token))
        .expect(200)
    ).body as CardActivity;
    expect(done.sale).toMatchObject({ checkoutId: checkout, walletFen: 30_000, walletBalanceFen: 25_000 });
    expect((await checkLedgerInvariants(ds)).violations).toEqual([]);
  });

  it('is idempotent per receipt no.: the same amount answers the same request, another amount 409', async () => {
    const m = await memberWith(100_000);
    const { checkout, receiptNo, confirmation } = await asked(m, 25_000);
    const same = (await ask(checkout, { receiptNo, amountFen: 25_000 }).expect(201)).body as WalletConfirmation;
    expect(same.id).toBe(confirmation.id);
    const reused = await ask(checkout, { receiptNo, amountFen: 26_000 }).expect(409);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await wallet(m.token)).balanceFen).toBe(75_000); // one hold
    // More than the wallet holds is refused before anything is held.
    const tooMuch = await ask(checkout, { receiptNo: receipt(), amountFen: 75_001 }).expect(409);
    expect(tooMuch.body.code).toBe('WALLET_INSUFFICIENT');
    // Another clerk does not see this clerk's request or checkout.
    await s.http.get(`/api/v1/staff/wallet-confirmations/${confirmation.id}`).set(bearer(otherStaffToken)).expect(404);
    await ask(checkout, { receiptNo: receipt(), amountFen: 100 }, otherStaffToken).expect(404);
  });

  it('a decline releases the hold at once; the sale is refused; the decision stands', async () => {
    const m = await memberWith(40_000);
    const { checkout, receiptNo, confirmation } = await asked(m, 35_000);
    const stranger = await memberWith(1000);
    const notYours = await decide(stranger.token, confirmation.id, 'decline').expect(404);
    expect(notYours.body.code).toBe('WALLET_CONFIRMATION_NOT_FOUND');
    await decide(stranger.token, confirmation.id, 'confirm').expect(404);

    const declined = (await decide(m.token, confirmation.id, 'decline').expect(200)).body as WalletChargeDecision;
    expect(declined.status).toBe('DECLINED');
    expect((await wallet(m.token)).balanceFen).toBe(40_000);
    expect(await holdOf(confirmation.id)).toEqual({ status: 'voided', amount: 35_000 });
    // Once: a confirm afterwards answers the decision on record.
    expect(((await decide(m.token, confirmation.id, 'confirm').expect(200)).body as WalletChargeDecision).status).toBe(
      'DECLINED',
    );
    expect((await poll(confirmation.id)).status).toBe('DECLINED');
    const refused = await buy({
      checkoutId: checkout,
      receiptNo,
      amountFen: 35_000,
      walletFen: 35_000,
      walletConfirmationId: confirmation.id,
    }).expect(409);
    expect(refused.body.code).toBe('WALLET_CONFIRMATION_DECLINED');
    // The checkout is still open: the member pays another way.
    await buy({ checkoutId: checkout, receiptNo, amountFen: 35_000 }).expect(200);
  });

  it('refuses a confirmation for another amount or receipt, and the clerk can cancel', async () => {
    const m = await memberWith(60_000);
    const { checkout, receiptNo, confirmation } = await asked(m, 30_000);
    await decide(m.token, confirmation.id, 'confirm').expect(200);
    const more = await buy({
      checkoutId: checkout,
      receiptNo,
      amountFen: 40_000,
      walletFen: 30_001,
      walletConfirmationId: confirmation.id,
    }).expect(409);
    expect(more.body.code).toBe('WALLET_CONFIRMATION_MISMATCH');
    const otherReceipt = await buy({
      checkoutId: checkout,
      receiptNo: receipt(),
      amountFen: 40_000,
      walletFen: 30_000,
      walletConfirmationId: confirmation.id,
    }).expect(409);
    expect(otherReceipt.body.code).toBe('WALLET_CONFIRMATION_MISMATCH');
    expect((await wallet(m.token)).balanceFen).toBe(30_000); // still held, nothing spent

    const cancelled = (
      await s.http
        .post(`/api/v1/staff/wallet-confirmations/${confirmation.id}/cancel`)
        .set(bearer(staffToken))
        .expect(200)
    ).body as WalletConfirmation;
    expect(cancelled.status).toBe('CANCELLED');
    // Cancelling again changes nothing.
    await s.http
      .post(`/api/v1/staff/wallet-confirmations/${confirmation.id}/cancel`)
      .set(bearer(staffToken))
      .expect(200);
    expect((await wallet(m.token)).balanceFen).toBe(60_000);
    expect(await holdOf(confirmation.id)).toEqual({ status: 'voided', amount: 30_000 });
    const audit = (await ds.query(
      `SELECT action FROM audit_log WHERE action LIKE 'wallet_confirm.%' AND target_id = ? ORDER BY id`,
      [String(m.id)],
    )) as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual(['wallet_confirm.requested', 'wallet_confirm.cancelled']);
  });

  it('expires unanswered and unused requests through the job, releasing their holds', async () => {
    const m = await memberWith(90_000);
    const waiting = await asked(m, 30_000);
    const unused = await asked(m, 40_000);
    await decide(m.token, unused.confirmation.id, 'confirm').expect(200);
    expect((await wallet(m.token)).balanceFen).toBe(20_000);

    // Past the member's 120 s: the request is over, even before the job records it.
    s.clock.advance(121);
    try {
      expect((await poll(waiting.confirmation.id)).status).toBe('EXPIRED');
      const late = await decide(m.token, waiting.confirmation.id, 'confirm').expect(409);
      expect(late.body.code).toBe('WALLET_CONFIRMATION_EXPIRED');
      const runner = new JobRunner(ds, s.clock, s.app.get(JobRegistry));
      const outcome = await runner.runNow(WalletConfirmationExpiryJob.NAME);
      expect(outcome.status).toBe('done');
      expect(await holdOf(waiting.confirmation.id)).toEqual({ status: 'voided', amount: 30_000 });
      // The confirmed one lasts as long as its checkout (10 minutes).
      expect(await holdOf(unused.confirmation.id)).toEqual({ status: 'pending', amount: 40_000 });
      s.clock.advance(600);
      await s.app.get(WalletConfirmationsService).expireDue();
      expect(await holdOf(unused.confirmation.id)).toEqual({ status: 'voided', amount: 40_000 });
      expect((await poll(unused.confirmation.id)).status).toBe('EXPIRED');
      expect((await wallet(m.token)).balanceFen).toBe(90_000);
    } finally {
      s.clock.reset();
    }
    const refused = await buy({
      checkoutId: waiting.checkout,
      receiptNo: waiting.receiptNo,
      amountFen: 30_000,
      walletFen: 30_000,
      walletConfirmationId: waiting.confirmation.id,
    }).expect(409);
    expect(refused.body.code).toBe('WALLET_CONFIRMATION_EXPIRED');
  });

  it('a burst of confirm / decline / cancel on one request: exactly one decision, the hold voided at most once', async () => {
    for (let round = 0; round < 3; round++) {
      const m = await memberWith(50_000);
      const { confirmation } = await asked(m, 30_000);
      const calls = [
        ...Array.from({ length: 4 }, () => decide(m.token, confirmation.id, 'confirm')),
        ...Array.from({ length: 4 }, () => decide(m.token, confirmation.id, 'decline')),
        ...Array.from({ length: 2 }, () =>
          s.http.post(`/api/v1/staff/wallet-confirmations/${confirmation.id}/cancel`).set(bearer(staffToken)),
        ),
      ];
      const answers = await Promise.all(calls);
      for (const a of answers) expect([200, 409]).toContain(a.status);
      const final = (await poll(confirmation.id)).status;
      expect(['CONFIRMED', 'DECLINED', 'CANCELLED']).toContain(final);
      // The member decided once: every member answer that succeeded reports that one decision (a confirmed
      // request may then still be cancelled by the clerk).
      const said = new Set(
        answers
          .slice(0, 8)
          .filter((x) => x.status === 200)
          .map((x) => x.body.status as string),
      );
      expect(said.size).toBeLessThanOrEqual(1);
      if (final !== 'CANCELLED') expect([...said]).toEqual([final]);
      else expect([...said].filter((x) => x !== 'CONFIRMED')).toEqual([]);
      expect((await holdOf(confirmation.id)).status).toBe(final === 'CONFIRMED' ? 'pending' : 'voided');
      expect((await wallet(m.token)).balanceFen).toBe(final === 'CONFIRMED' ? 20_000 : 50_000);
    }
  });

  it('a burst of sales, cancels and expiry runs on one confirmed request: it is spent once or released once', async () => {
    const service = s.app.get(WalletConfirmationsService);
    const outcomes: string[] = [];
    // Per round (ms from the start): the deadline, the sales, the clerk's cancel, the expiry runs.
    const rounds = [
      { deadline: 150, sales: [0, 60, 120, 180, 240], cancel: 100, expiry: [100, 200, 300] },
      { deadline: 100, sales: [90, 95, 100, 105, 110], cancel: 100, expiry: [100, 105, 110] },
      { deadline: 150, sales: [200, 220, 240, 260, 280], cancel: 50, expiry: [100, 200, 300] },
      { deadline: 100, sales: [250, 260, 270, 280, 290], cancel: 300, expiry: [150, 160, 170] },
      { deadline: 30, sales: [0, 0, 0, 0, 0], cancel: 0, expiry: [0, 0, 0] },
    ];
    for (const plan of rounds) {
      const m = await memberWith(50_000);
      const { checkout, receiptNo, confirmation } = await asked(m, 30_000);
      await decide(m.token, confirmation.id, 'confirm').expect(200);
      // Its deadline a moment away, so sales, the clerk's cancel and expiry runs race around it.
      const deadline = new Date(Date.now() + plan.deadline);
      await ds.query(`UPDATE wallet_charge_confirmation SET expires_at = ? WHERE id = ?`, [
        ds.options.type === 'better-sqlite3' ? deadline.toISOString().replace('T', ' ').replace('Z', '') : deadline,
        confirmation.id,
      ]);
      const later = <T>(ms: number, f: () => Promise<T>) => new Promise<T>((r) => setTimeout(() => r(f()), ms));
      const sale = () =>
        buy({
          checkoutId: checkout,
          receiptNo,
          amountFen: 30_000,
          walletFen: 30_000,
          walletConfirmationId: confirmation.id,
        }).then((r) => r);
      const answers = await Promise.all([
        ...plan.sales.map((ms) => later(ms, sale)),
        later(plan.cancel, () =>
          s.http
            .post(`/api/v1/staff/wallet-confirmations/${confirmation.id}/cancel`)
            .set(bearer(staffToken))
            .then((r) => r),
        ),
        ...plan.expiry.map((ms) => later(ms, () => service.expireDue().then(() => null))),
      ]);
      const sales = answers.slice(0, 5) as { status: number; body: PurchaseResult & { code?: string } }[];
      for (const r of sales) expect([200, 409]).toContain(r.status);
      const final = (await poll(confirmation.id)).status;
      outcomes.push(final);
      expect(['USED', 'CANCELLED', 'EXPIRED']).toContain(final);
      const purchases = (await ds.query(`SELECT wallet_fen AS w FROM purchase WHERE receipt_no = ?`, [receiptNo])) as {
        w: number;
      }[];
      expect(purchases).toHaveLength(final === 'USED' ? 1 : 0);
      if (final === 'USED') {
        const ok = sales.filter((r) => r.status === 200);
        expect(new Set(ok.map((r) => r.body.purchaseId)).size).toBe(1);
      }
      expect(await holdOf(confirmation.id)).toEqual({ status: 'voided', amount: 30_000 });
      const voids = (await ds.query(
        `SELECT COUNT(*) AS n FROM ledger_entry WHERE biz_type = 'SALE_WALLET_HOLD' AND biz_id LIKE ? AND entry_type = 'REVERSAL' AND account_id = journal_account_id`,
        [`%:${receiptNo}:void`],
      )) as { n: number | string }[];
      expect(Number(voids[0].n)).toBe(1);
      expect((await wallet(m.token)).balanceFen).toBe(final === 'USED' ? 20_000 : 50_000);
    }
    expect((await checkLedgerInvariants(ds)).violations).toEqual([]);
    // Which wins is timing; the suite logs it for the record.
    console.log(`wallet confirmation race outcomes: ${outcomes.join(', ')}`);
  });
});
