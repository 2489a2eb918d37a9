import type { MallGoodsKind, MallOrderStatus } from '@member/shared';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Why an order ended without being picked up (shown in words by the views). */
export type MallEndReason = 'MEMBER' | 'PICKUP_EXPIRED' | 'PAY_TIMEOUT' | 'SOLD_OUT';

/**
 * A redemption. Status moves only by guarded updates (`WHERE status = 'READY'`), so a cancel, an expiry and a
 * pickup racing each other end it exactly once. The pickup code is unique while set and cleared when the
 * order leaves READY, so the six digits can be reused. The cash columns serve the points + cash path.
 */
@Entity('mall_order')
@Index('idx_mall_order_member', ['memberId', 'id'])
@Index('idx_mall_order_status_until', ['status', 'pickupUntil'])
@Index('idx_mall_order_store_done', ['pickupStoreId', 'doneAt'])
@Index('idx_mall_order_created', ['createdAt'])
@Index('idx_mall_order_goods', ['goodsId', 'status'])
export class MallOrderRow {
  @PrimaryGeneratedColumn()
  id!: number;

  // M + business date + random digits; byte-exact unique (the ledger's bizId).
  @Index('uq_mall_order_no', { unique: true })
  @Column({ type: 'varchar', length: 32 })
  orderNo!: string;

  @Column({ type: 'int' })
  memberId!: number;

  @Column({ type: 'int' })
  goodsId!: number;

  @Column({ type: 'varchar', length: 10 })
  kind!: MallGoodsKind;

  // The goods' name when redeemed (an edit later does not rename orders).
  @Column({ type: 'varchar', length: 64 })
  goodsName!: string;

  @Column({ type: 'int' })
  quantity!: number;

  @Column({ type: 'int' })
  pointsTotal!: number;

  @Column({ type: 'int' })
  cashFen!: number;

  @Column({ type: 'varchar', length: 16 })
  status!: MallOrderStatus;

  // The limit period the units were taken from (null: the goods has no per-member limit).
  @Column({ type: 'varchar', length: 10, nullable: true })
  quotaKey!: string | null;

  @Column({ type: 'int', nullable: true })
  pickupStoreId!: number | null;

  @Index('uq_mall_order_pickup_code', { unique: true })
  @Column({ type: 'varchar', length: 6, nullable: true })
  pickupCode!: string | null;

  // Last business day (Asia/Shanghai) to pick up.
  @Column({ type: 'varchar', length: 10, nullable: true })
  pickupUntil!: string | null;

  @Column({ type: 'int', nullable: true })
  pointsEntryId!: number | null;

  @Column({ type: 'int', nullable: true })
  couponId!: number | null;

  @Column({ type: 'int', nullable: true })
  pickedUpByStaffId!: number | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  doneAt!: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  cancelledAt!: Date | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  endReason!: MallEndReason | null;

  @Index('uq_mall_order_out_trade_no', { unique: true })
  @Column({ type: 'varchar', length: 32, nullable: true })
  outTradeNo!: string | null;

  @Index('uq_mall_order_transaction', { unique: true })
  @Column({ type: 'varchar', length: 32, nullable: true })
  transactionId!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  prepayId!: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  payUntil!: Date | null;

  @Column({ type: 'int', nullable: true })
  pointsHoldId!: number | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  shippingStatus!: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  shippingError!: string | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
