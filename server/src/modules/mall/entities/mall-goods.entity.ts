import type { MallGoodsKind, MallGoodsStatus, MallLimitPeriod } from '@member/shared';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * What members redeem. `stock` (what is left; null = unlimited) and `sold_count` move together by one
 * guarded update (`stock >= n`); `stock_total` is what was ever provisioned (initial + adjustments), so
 * stock + sold_count = stock_total holds for limited goods whatever orders end.
 */
@Entity('mall_goods')
@Index('idx_mall_goods_status_sort', ['status', 'sortOrder'])
@Index('idx_mall_goods_category', ['categoryId', 'status'])
export class MallGoodsRow {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 10 })
  kind!: MallGoodsKind;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'int', nullable: true })
  categoryId!: number | null;

  @Column({ type: 'varchar', length: 2000 })
  description!: string;

  // MediaAsset ids as JSON, the first is the cover.
  @Column({ type: 'varchar', length: 255 })
  imageIdsJson!: string;

  @Column({ type: 'int' })
  pointsPrice!: number;

  @Column({ type: 'int' })
  cashFen!: number;

  @Column({ type: 'int', nullable: true })
  stock!: number | null;

  @Column({ type: 'int', nullable: true })
  stockTotal!: number | null;

  @Column({ type: 'int', default: 0 })
  soldCount!: number;

  @Column({ type: 'int', nullable: true })
  perMemberLimit!: number | null;

  @Column({ type: 'varchar', length: 8 })
  limitPeriod!: MallLimitPeriod;

  // string[] as JSON, null = every tier.
  @Column({ type: 'varchar', length: 500, nullable: true })
  tierCodesJson!: string | null;

  // number[] as JSON (empty for coupons).
  @Column({ type: 'varchar', length: 2000 })
  pickupStoreIdsJson!: string;

  @Column({ type: 'int' })
  pickupDays!: number;

  @Column({ type: 'int', nullable: true })
  couponTemplateId!: number | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  saleStartsAt!: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  saleEndsAt!: Date | null;

  @Column({ type: 'int' })
  sortOrder!: number;

  @Column({ type: 'boolean', width: 1, default: false })
  featured!: boolean;

  @Column({ type: 'varchar', length: 10 })
  status!: MallGoodsStatus;

  // Optimistic guard for edits in the console.
  @Column({ type: 'int', default: 0 })
  version!: number;

  @Column({ type: 'int' })
  createdBy!: number;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
