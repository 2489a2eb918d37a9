import type { WalletConfirmationStatus } from '@member/shared';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A stored-value charge above `wallet.confirmAboveFen` that the member confirms on their own phone before
 * the sale may spend it. One per (store, receipt no.), byte-exact; the amount is held in the ledger
 * (hold_id) from the request until the sale spends it or the request ends. Every status change is one
 * guarded UPDATE from the expected status, so of concurrent confirm/decline/cancel/expire/use one wins.
 */
@Entity('wallet_charge_confirmation')
@Index('uq_wallet_confirm_store_receipt', ['storeId', 'receiptNo'], { unique: true })
// The card page's poll (the member's PENDING request) and the expiry job (due PENDING/CONFIRMED rows).
@Index('idx_wallet_confirm_member_status', ['memberId', 'status'])
@Index('idx_wallet_confirm_status_expires', ['status', 'expiresAt'])
export class WalletChargeConfirmation {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  checkoutId!: number;

  @Column({ type: 'int' })
  memberId!: number;

  @Column({ type: 'int' })
  storeId!: number;

  @Column({ type: 'int' })
  staffId!: number;

  @Column({ type: 'varchar', length: 64 })
  receiptNo!: string;

  @Column({ type: 'int' })
  amountFen!: number;

  @Column({ type: 'varchar', length: 16 })
  status!: WalletConfirmationStatus;

  @Column({ type: 'int' })
  holdId!: number;

  @Column({ type: 'datetime', precision: 3 })
  expiresAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  decidedAt!: Date | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;
}
