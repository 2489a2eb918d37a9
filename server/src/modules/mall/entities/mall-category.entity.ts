import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A shelf of 积分商城 (饮品, 周边 …); members see it with the count of goods on sale. */
@Entity('mall_category')
export class MallCategoryRow {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 32 })
  name!: string;

  @Column({ type: 'int' })
  sortOrder!: number;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
