import { Injectable } from '@nestjs/common';
import {
  ActorType,
  AuditAction,
  ErrorCode,
  formatCny,
  type PendingWalletCharge,
  type WalletChargeDecision,
  type WalletConfirmation,
  type WalletConfirmationRequest,
  type WalletConfirmPolicy,
} from '@member/shared';
import type { EntityManager } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { Clock } from '../../common/clock';
import { IdempotencyService, idempotencyScope } from '../../common/idempotency/idempotency.service';
import { AppConfig } from '../../config/app-config';
import { TransactionRunner } from '../../database/transaction-runner';
import { LedgerService } from '../../ledger/ledger.service';
import { AuditService, staffActor } from '../audit/audit.service';
import type { StaffPrincipal } from '../auth/token.service';
import { MemberDirectory } from '../members/member-directory';
import { CheckoutsRepository } from './checkouts.repository';
import { CheckoutsService } from './checkouts.service';
import type { WalletChargeConfirmation } from './entities/wallet-charge-confirmation.entity';
import { WalletConfirmationsRepository } from './wallet-confirmations.repository';

/** Business key of the ledger hold behind a confirmation request (bizId: the sale's store:receipt key). */
export const SALE_WALLET_HOLD_BIZ = 'SALE_WALLET_HOLD';
const CONFIRMATION_OP = 'wallet-confirmation';

/** The sale's side of a confirmation: what the purchase must match, inside its transaction. */
export interface SaleCharge {
  /** The request the till got confirmed (absent: the sale never asked). */
  id: number | undefined;
  checkoutId: number;
  memberId: number;
  receiptNo: string;
  amountFen: number;
}

/**
 * The member confirms a large stored-value charge on their own phone (config wallet.confirmAboveFen).
 * The clerk's request holds the amount in the ledger at once (a WALLET hold), so nothing else can spend it
 * while the member decides; the member confirms or declines from the card page; the sale then uses the
 * CONFIRMED request in its own transaction. Every status change is one guarded UPDATE from the status it
 * expects (PENDING → CONFIRMED | DECLINED | CANCELLED | EXPIRED, CONFIRMED → USED | CANCELLED | EXPIRED),
 * and only the change that wins touches the hold: it is voided exactly once, by whoever ends the request.
 * Lock order everywhere: the confirmation row first, then the member's ledger accounts.
 */
@Injectable()
export class WalletConfirmationsService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly idempotency: IdempotencyService,
    private readonly checkouts: CheckoutsService,
    private readonly checkoutRows: CheckoutsRepository,
    private readonly ledger: LedgerService,
    private readonly audit: AuditService,
    private readonly members: MemberDirectory,
    private readonly repo: WalletConfirmationsRepository,
  ) {}

  /** For the till's quote: above what stored value the member is asked (null: never). */
  policy(): WalletConfirmPolicy | null {
    const { confirmAboveFen, confirmTimeoutSeconds } = this.config.wallet;
    return confirmAboveFen > 0 ? { aboveFen: confirmAboveFen, timeoutSeconds: confirmTimeoutSeconds } : null;
  }

  /** Whether a sale tendering this much stored value needs the member's confirmation. */
  needed(walletFen: number): boolean {
    const above = this.config.wallet.confirmAboveFen;
    return above > 0 && walletFen > above;
  }

  /**
   * The clerk asks the member to confirm `amountFen` for this checkout's sale; the amount is held now.
   * Idempotent per (store, receipt no.): the same amount answers the same request (as it is now), another
   * amount 409 IDEMPOTENCY_KEY_REUSED. A receipt no. gets one request: after a decline, a cancel or an
   * expiry the till asks again under a new receipt no.
   */
  async request(
    staff: StaffPrincipal,
    checkoutId: number,
    body: WalletConfirmationRequest,
  ): Promise<WalletConfirmation> {
    const checkout = await this.checkouts.usable(staff, checkoutId);
    const clerkName = await this.members.displayName(staff.memberId);
    const { body: first, replayed } = await this.idempotency.run(
      {
        scope: idempotencyScope.store(staff.storeId),
        operation: CONFIRMATION_OP,
        key: body.receiptNo,
        request: { checkoutId, amountFen: body.amountFen },
      },
      async (em) => {
        const now = this.clock.now();
        const accounts = await this.ledger.lockAccounts(em, checkout.memberId, ['WALLET']);
        const wallet = accounts.get('WALLET');
        if (!wallet || wallet.balance < body.amountFen) throw new AppException(ErrorCode.WALLET_INSUFFICIENT);
        const hold = await this.holdOrRefuse(em, {
          accountId: wallet.id,
          amount: body.amountFen,
          bizType: SALE_WALLET_HOLD_BIZ,
          bizId: `${staff.storeId}:${body.receiptNo}`,
          reason: `储值支付待会员确认 ${formatCny(body.amountFen)}`,
          actor: { type: ActorType.Staff, id: staff.staffId },
          storeId: staff.storeId,
        });
        const timeoutMs = this.config.wallet.confirmTimeoutSeconds * 1000;
        const row: Omit<WalletChargeConfirmation, 'id'> = {
          checkoutId,
          memberId: checkout.memberId,
          storeId: staff.storeId,
          staffId: staff.staffId,
          receiptNo: body.receiptNo,
          amountFen: body.amountFen,
          status: 'PENDING',
          holdId: hold.id,
          // The member answers within the timeout, and never after the checkout itself has expired.
          expiresAt: new Date(Math.min(checkout.expiresAt.getTime(), now.getTime() + timeoutMs)),
          decidedAt: null,
          createdAt: now,
        };
        const id = await this.repo.insert(em, row);
        await this.audit.record(
          staffActor(staff, clerkName),
          {
            action: AuditAction.WalletChargeConfirmRequested,
            targetType: 'member',
            targetId: checkout.memberId,
            after: { confirmationId: id, checkoutId, receiptNo: body.receiptNo, amountFen: body.amountFen },
          },
          em,
        );
        return this.view({ ...row, id }, now);
      },
      201,
    );
    return replayed ? this.view(this.ownedByClerk(staff, await this.repo.find(first.id)), this.clock.now()) : first;
  }

  /** The till's poll while the member decides. */
  async get(staff: StaffPrincipal, id: number): Promise<WalletConfirmation> {
    return this.view(this.ownedByClerk(staff, await this.repo.find(id)), this.clock.now());
  }

  /** The clerk gives up (or the member chose another tender): the held amount is released. */
  async cancel(staff: StaffPrincipal, id: number): Promise<WalletConfirmation> {
    const clerkName = await this.members.displayName(staff.memberId);
    return this.tx.run(async (em) => {
      const row = this.ownedByClerk(staff, await this.repo.find(id, em));
      const now = this.clock.now();
      const ended = await this.repo.transition(em, id, ['PENDING', 'CONFIRMED'], 'CANCELLED', {
        storeId: staff.storeId,
        staffId: staff.staffId,
      });
      // Already over (used, declined, expired, cancelled): the answer says how; nothing changes.
      if (!ended) return this.view(this.ownedByClerk(staff, await this.repo.findCurrent(em, id)), now);
      await this.ledger.voidHold(em, row.holdId, '店员取消储值支付');
      await this.audit.record(
        staffActor(staff, clerkName),
        {
          action: AuditAction.WalletChargeConfirmCancelled,
          targetType: 'member',
          targetId: row.memberId,
          after: { confirmationId: id, checkoutId: row.checkoutId, receiptNo: row.receiptNo, amountFen: row.amountFen },
        },
        em,
      );
      return this.view({ ...row, status: 'CANCELLED' }, now);
    });
  }

  /** The member's request waiting on their card page, with what their stored value will be after it. */
  async pendingFor(memberId: number): Promise<PendingWalletCharge | null> {
    const row = await this.repo.pendingFor(memberId, this.clock.now());
    if (!row) return null;
    // The amount is already held, so the live balance is the balance after the charge.
    const wallet = await this.ledger.available(memberId, 'WALLET');
    return {
      id: row.id,
      storeName: row.storeName,
      amountFen: row.amountFen,
      balanceAfterFen: wallet.balance,
      expiresAt: row.expiresAt.toISOString(),
    };
  }

  /**
   * The member agrees. Once: a second confirm answers the same decision; the member's decision is recorded
   * on the row (decided_at). A CONFIRMED request stays usable for the rest of the checkout's validity.
   */
  async confirm(memberId: number, id: number): Promise<WalletChargeDecision> {
    const row = this.ownedByMember(memberId, await this.repo.find(id));
    const now = this.clock.now();
    if (row.status === 'PENDING' && row.expiresAt > now) {
      // Confirming for a checkout that is over (its sale went ahead without this, or it expired) is too late.
      const checkout = await this.checkoutRows.find(row.checkoutId);
      const useUntil = checkout?.status === 'open' && checkout.expiresAt > now ? checkout.expiresAt : null;
      if (!useUntil) throw new AppException(ErrorCode.WALLET_CONFIRMATION_EXPIRED);
      const done = await this.tx.run((em) =>
        this.repo.transition(
          em,
          id,
          ['PENDING'],
          'CONFIRMED',
          { memberId, liveAt: now },
          {
            decidedAt: now,
            expiresAt: useUntil,
          },
        ),
      );
      if (done) return decision({ ...row, status: 'CONFIRMED', decidedAt: now });
    }
    return this.alreadyDecided(memberId, id);
  }

  /** The member refuses: the held amount goes back to their wallet at once. */
  async decline(memberId: number, id: number): Promise<WalletChargeDecision> {
    this.ownedByMember(memberId, await this.repo.find(id));
    const now = this.clock.now();
    const declined = await this.tx.run(async (em) => {
      const done = await this.repo.transition(
        em,
        id,
        ['PENDING'],
        'DECLINED',
        { memberId, liveAt: now },
        {
          decidedAt: now,
        },
      );
      if (!done) return null;
      const row = (await this.repo.find(id, em))!;
      await this.ledger.voidHold(em, row.holdId, '会员拒绝储值支付');
      return row;
    });
    return declined ? decision(declined) : this.alreadyDecided(memberId, id);
  }

  /**
   * The sale's use of a CONFIRMED request, inside the sale's transaction and before it locks the member's
   * accounts (the row is locked first, as everywhere): one guarded CONFIRMED → USED bound to this clerk,
   * checkout, member, receipt no. and amount, still within its deadline. Answers the hold to release;
   * otherwise says why not (required, pending, declined, expired, mismatch).
   */
  async use(em: EntityManager, staff: StaffPrincipal, charge: SaleCharge, now: Date): Promise<{ holdId: number }> {
    const { id } = charge;
    if (!id) throw new AppException(ErrorCode.WALLET_CONFIRMATION_REQUIRED);
    const guard = {
      storeId: staff.storeId,
      staffId: staff.staffId,
      checkoutId: charge.checkoutId,
      memberId: charge.memberId,
      receiptNo: charge.receiptNo,
      amountFen: charge.amountFen,
      liveAt: now,
    };
    const used = await this.repo.transition(em, id, ['CONFIRMED'], 'USED', guard);
    const row = await this.repo.findCurrent(em, id);
    if (used && row) return { holdId: row.holdId };
    if (!row || row.storeId !== staff.storeId) throw new AppException(ErrorCode.WALLET_CONFIRMATION_NOT_FOUND);
    const bound =
      row.staffId === staff.staffId &&
      row.checkoutId === charge.checkoutId &&
      row.memberId === charge.memberId &&
      row.receiptNo === charge.receiptNo &&
      row.amountFen === charge.amountFen;
    if (!bound) throw new AppException(ErrorCode.WALLET_CONFIRMATION_MISMATCH);
    throw new AppException(refusalFor(row, now));
  }

  /** Releases the hold of a request the sale just used (its amount is then spent by the sale's tender). */
  async release(em: EntityManager, holdId: number): Promise<void> {
    await this.ledger.voidHold(em, holdId, '储值支付已确认，转为消费');
  }

  /**
   * The expiry job: PENDING and CONFIRMED requests past their deadline become EXPIRED (guarded, one by
   * one) and their holds are voided. Answers how many it ended.
   */
  async expireDue(batch = 200): Promise<number> {
    let ended = 0;
    for (;;) {
      const now = this.clock.now();
      const due = await this.repo.due(now, batch);
      for (const { id, status } of due) {
        const done = await this.tx.run(async (em) => {
          if (!(await this.repo.transition(em, id, [status], 'EXPIRED', { dueAt: now }))) return false;
          const row = (await this.repo.find(id, em))!;
          await this.ledger.voidHold(em, row.holdId, '储值支付确认超时');
          return true;
        });
        if (done) ended++;
      }
      if (due.length < batch) return ended;
    }
  }

  private async holdOrRefuse(em: EntityManager, input: Parameters<LedgerService['hold']>[1]) {
    try {
      return await this.ledger.hold(em, input);
    } catch (e) {
      if (e instanceof AppException && e.code === ErrorCode.LEDGER_INSUFFICIENT_BALANCE) {
        throw new AppException(ErrorCode.WALLET_INSUFFICIENT);
      }
      throw e;
    }
  }

  /**
   * After a guarded decision matched nothing. The member decides once: any later confirm or decline answers
   * the decision on record (its status says which); a request that ended otherwise (expired, cancelled by
   * the clerk) answers 409.
   */
  private async alreadyDecided(memberId: number, id: number) {
    const row = this.ownedByMember(memberId, await this.repo.find(id));
    if (row.decidedAt && ['CONFIRMED', 'USED', 'DECLINED'].includes(row.status)) return decision(row);
    throw new AppException(refusalFor(row, this.clock.now()));
  }

  private ownedByClerk(staff: StaffPrincipal, row: WalletChargeConfirmation | null): WalletChargeConfirmation {
    // Another store's or another clerk's request does not exist for this clerk.
    if (!row || row.storeId !== staff.storeId || row.staffId !== staff.staffId) {
      throw new AppException(ErrorCode.WALLET_CONFIRMATION_NOT_FOUND);
    }
    return row;
  }

  private ownedByMember(memberId: number, row: WalletChargeConfirmation | null): WalletChargeConfirmation {
    if (!row || row.memberId !== memberId) throw new AppException(ErrorCode.WALLET_CONFIRMATION_NOT_FOUND);
    return row;
  }

  private view(row: WalletChargeConfirmation, now: Date): WalletConfirmation {
    return {
      id: row.id,
      checkoutId: row.checkoutId,
      receiptNo: row.receiptNo,
      amountFen: row.amountFen,
      // A live request past its deadline is over even before the job has recorded it.
      status: live(row) && row.expiresAt <= now ? 'EXPIRED' : row.status,
      expiresAt: row.expiresAt.toISOString(),
      decidedAt: row.decidedAt?.toISOString() ?? null,
      serverTime: now.toISOString(),
    };
  }
}

const live = (row: Pick<WalletChargeConfirmation, 'status'>) => row.status === 'PENDING' || row.status === 'CONFIRMED';

/** Why a request cannot be used or decided now. */
function refusalFor(row: WalletChargeConfirmation, now: Date): ErrorCode {
  if (live(row) && row.expiresAt <= now) return ErrorCode.WALLET_CONFIRMATION_EXPIRED;
  switch (row.status) {
    case 'PENDING':
      return ErrorCode.WALLET_CONFIRMATION_PENDING;
    case 'DECLINED':
      return ErrorCode.WALLET_CONFIRMATION_DECLINED;
    case 'EXPIRED':
    case 'CANCELLED':
      return ErrorCode.WALLET_CONFIRMATION_EXPIRED;
    default:
      // CONFIRMED for the member (declining too late) or USED by the sale: it needs a new request.
      return ErrorCode.WALLET_CONFIRMATION_REQUIRED;
  }
}

const decision = (row: WalletChargeConfirmation): WalletChargeDecision => ({
  id: row.id,
  status: row.status,
  amountFen: row.amountFen,
  decidedAt: row.decidedAt?.toISOString() ?? null,
});
