import { Injectable } from '@nestjs/common';
import { ActorType, ErrorCode } from '@member/shared';
import type { EntityManager } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { LedgerService } from '../../ledger/ledger.service';
import type { LedgerActor } from '../../ledger/ledger.types';

/** The ledger's bizTypes of an event's points: the fee (bizId: the ticket code), its refund, the reward. */
export const EVENT_FEE_BIZ = 'EVENT_FEE';
export const EVENT_FEE_REFUND_BIZ = 'EVENT_FEE_REFUND';
export const EVENT_REWARD_BIZ = 'EVENT_REWARD';

/**
 * Points that move because of events, all through the ledger: the fee debited when seats are given (at
 * sign-up or promotion), reversed into the very lots it drew when the sign-up or the event is cancelled,
 * and the attendance reward credited at check-in. Each posting is keyed so a replay changes nothing.
 */
@Injectable()
export class EventFees {
  constructor(private readonly ledger: LedgerService) {}

  /** Whether the member can pay `amount` now (locks their points account for the caller's transaction). */
  async canPay(em: EntityManager, memberId: number, amount: number): Promise<boolean> {
    const account = await this.ledger.openLockedAccount(em, memberId, 'POINTS');
    return account.balance >= amount;
  }

  /** Debits the fee; 409 EVENT_NOT_ENOUGH_POINTS when short (the caller's transaction rolls back). */
  async charge(
    em: EntityManager,
    memberId: number,
    amount: number,
    ticketCode: string,
    title: string,
    actor: LedgerActor = { type: ActorType.Member, id: memberId },
  ): Promise<{ entryId: number; balance: number }> {
    const account = await this.ledger.openLockedAccount(em, memberId, 'POINTS');
    // Refused before anything is written (the ledger would answer the same, one statement later).
    if (account.balance < amount) throw new AppException(ErrorCode.EVENT_NOT_ENOUGH_POINTS);
    try {
      const posting = await this.ledger.debit(em, {
        accountId: account.id,
        amount,
        bizType: EVENT_FEE_BIZ,
        bizId: ticketCode,
        reason: `活动报名 ${title}`.slice(0, 100),
        actor,
      });
      return { entryId: posting.id, balance: posting.balanceNow };
    } catch (error) {
      if (error instanceof AppException && error.code === ErrorCode.LEDGER_INSUFFICIENT_BALANCE)
        throw new AppException(ErrorCode.EVENT_NOT_ENOUGH_POINTS);
      throw error;
    }
  }

  /** Gives a fee back in full (a replay of the same refund changes nothing). */
  async refund(em: EntityManager, entryId: number, ticketCode: string, why: string, actor: LedgerActor) {
    await this.ledger.reverse(em, {
      entryId,
      lotPolicy: 'RESTORE_ORIGINAL_LOTS',
      bizType: EVENT_FEE_REFUND_BIZ,
      bizId: ticketCode,
      reason: why.slice(0, 100),
      actor,
    });
  }

  /** The attendance reward, once per sign-up. */
  async reward(em: EntityManager, memberId: number, signupId: number, amount: number, title: string, storeId: number) {
    const account = await this.ledger.openLockedAccount(em, memberId, 'POINTS');
    await this.ledger.credit(em, {
      accountId: account.id,
      amount,
      bizType: EVENT_REWARD_BIZ,
      bizId: String(signupId),
      reason: `活动签到奖励 ${title}`.slice(0, 100),
      actor: { type: ActorType.System, id: null },
      storeId,
    });
  }

  async balance(memberId: number, em?: EntityManager): Promise<number> {
    return (await this.ledger.available(memberId, 'POINTS', em)).balance;
  }
}
