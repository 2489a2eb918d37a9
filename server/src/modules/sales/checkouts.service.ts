import { Injectable } from '@nestjs/common';
import { AuditAction, CHECKOUT_TTL_SECONDS, ErrorCode, type CheckoutStatus, type StaffCheckout } from '@member/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { Clock } from '../../common/clock';
import { AppConfig } from '../../config/app-config';
import { TransactionRunner } from '../../database/transaction-runner';
import { LedgerService } from '../../ledger/ledger.service';
import { AuditService, staffActor } from '../audit/audit.service';
import type { StaffPrincipal } from '../auth/token.service';
import { TiersService } from '../tiers/tiers.service';
import { MemberCodesService } from '../members/member-codes.service';
import { CHECKOUT_CLOSE_REFUSED, CheckoutsRepository } from './checkouts.repository';
import { isGuardRefused } from '../../database/statement-pipeline';
import type { Checkout } from './entities/checkout.entity';
import { brief, MemberTiersService } from '../tiers/member-tiers.service';
import { MemberDirectory, type MemberCard } from '../members/member-directory';

const DAY_MS = 86_400_000;

/** The derived state of a checkout at `now`: an open one past its expiry is expired. */
export function checkoutStatus(row: Pick<Checkout, 'status' | 'expiresAt'>, now: Date): CheckoutStatus {
  if (row.status === 'closed') return 'closed';
  return row.expiresAt.getTime() <= now.getTime() ? 'expired' : 'open';
}

/**
 * Checkouts at the counter: a scan consumes the member's 60 s code and opens a checkout that quote and
 * purchase name for CHECKOUT_TTL_SECONDS, bound to the clerk and store; the sale closes it.
 */
@Injectable()
export class CheckoutsService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly codes: MemberCodesService,
    private readonly ledger: LedgerService,
    private readonly tiers: TiersService,
    private readonly memberTiers: MemberTiersService,
    private readonly repo: CheckoutsRepository,
    private readonly audit: AuditService,
    private readonly members: MemberDirectory,
  ) {}

  async open(staff: StaffPrincipal, memberCode: string): Promise<StaffCheckout> {
    const { row, member } = await this.tx.run(async (em) => {
      // Consumed with the checkout's insert: a rejected open leaves the code usable.
      const code = await this.codes.consume(em, memberCode, `checkout:${staff.storeId}:${staff.staffId}`);
      const found = await this.members.card(code.memberId, em);
      if (found.status !== 'active') throw new AppException(ErrorCode.MEMBER_DISABLED);
      // No clerk serves their own card (points and tier for their own spending); the code stays usable.
      if (found.id === staff.memberId) throw new AppException(ErrorCode.CHECKOUT_OWN_CARD);
      const now = this.clock.now();
      const fields = {
        memberId: found.id,
        storeId: staff.storeId,
        staffId: staff.staffId,
        status: 'open' as const,
        createdAt: now,
        expiresAt: new Date(now.getTime() + CHECKOUT_TTL_SECONDS * 1000),
        closedAt: null,
        receiptNo: null,
      };
      const id = await this.repo.insert(em, fields);
      // A scan shows the member to the clerk: recorded like a lookup, with the checkout it opened.
      await this.audit.record(
        staffActor(staff, await this.members.displayName(staff.memberId, em)),
        {
          action: AuditAction.MemberLookup,
          targetType: 'member',
          targetId: found.id,
          after: { memberNo: found.memberNo, checkoutId: id },
        },
        em,
      );
      return { row: { ...fields, id }, member: found };
    });
    return this.view(row, member);
  }

  async get(staff: StaffPrincipal, id: number): Promise<StaffCheckout> {
    const row = this.owned(staff, await this.repo.find(id));
    return this.view(row, await this.members.card(row.memberId));
  }

  /** An open checkout of this clerk (for a quote); refuses foreign, closed and expired ones. */
  async usable(staff: StaffPrincipal, id: number): Promise<Checkout> {
    const row = this.owned(staff, await this.repo.find(id));
    const status = checkoutStatus(row, this.clock.now());
    if (status === 'closed') throw new AppException(ErrorCode.CHECKOUT_CLOSED);
    if (status === 'expired') throw new AppException(ErrorCode.CHECKOUT_EXPIRED);
    return row;
  }

  /**
   * Closes the checkout for a sale inside the sale's transaction: one guarded update on the hot path; only
   * when it matches nothing is the row read, to say why (a retried sale then answers from its record).
   */
  /**
   * `beforeExplaining` runs when the checkout could not be closed, before the answer says why (a sale
   * whose clerk binding is checked in the handler checks it there first, so a disabled clerk hears so).
   */
  /**
   * Closes the checkout for a sale and runs `first`, the sale's first read, which the close rides with (one
   * round trip for both). A close that matched nothing fails `first`; then the refusal is explained.
   */
  async closeForSale<T>(
    em: EntityManager,
    staff: StaffPrincipal,
    id: number,
    receiptNo: string,
    now: Date,
    first: () => Promise<T>,
    beforeExplaining?: () => Promise<void>,
  ): Promise<T> {
    try {
      await this.repo.closeWithNext(em, id, staff, receiptNo, now);
      return await first();
    } catch (error) {
      if (!isGuardRefused(error, CHECKOUT_CLOSE_REFUSED)) throw error;
    }
    await beforeExplaining?.();
    const row = this.owned(staff, await this.repo.find(id, em));
    const status = checkoutStatus(row, now);
    throw new AppException(status === 'expired' ? ErrorCode.CHECKOUT_EXPIRED : ErrorCode.CHECKOUT_CLOSED);
  }

  private owned(staff: StaffPrincipal, row: Checkout | null): Checkout {
    // Another store's checkout does not exist for this clerk.
    if (!row || row.storeId !== staff.storeId) throw new AppException(ErrorCode.CHECKOUT_NOT_FOUND);
    if (row.staffId !== staff.staffId) throw new AppException(ErrorCode.CHECKOUT_OTHER_STAFF);
    return row;
  }

  private async view(row: Checkout, member: MemberCard): Promise<StaffCheckout> {
    const now = this.clock.now();
    const withinDays = this.config.loyalty.expiryReminderDays;
    const [ladder, points] = await Promise.all([
      this.tiers.activeTiers(),
      this.ledger.available(member.id, 'POINTS'), // live points only
    ]);
    const [{ tier }, lots] = await Promise.all([
      this.memberTiers.current(this.ds.manager, member.id, ladder),
      points.accountId === null
        ? []
        : this.ledger.expiringSoon(points.accountId, new Date(now.getTime() + withinDays * DAY_MS)),
    ]);
    return {
      checkoutId: row.id,
      status: checkoutStatus(row, now),
      openedAt: row.createdAt.toISOString(),
      expiresAt: row.expiresAt.toISOString(),
      serverTime: now.toISOString(),
      member: {
        memberNo: member.memberNo,
        nickname: member.nickname,
        phoneMasked: member.phoneMasked,
        tier: brief(tier),
        balance: points.balance,
        expiring: {
          points: lots.reduce((sum, lot) => sum + lot.remaining, 0),
          soonestAt: lots[0]?.expiresAt?.toISOString() ?? null,
          withinDays,
        },
      },
    };
  }
}
