import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('store')
export class Store {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index('uq_store_code', { unique: true })
  @Column({ type: 'varchar', length: 32 })
  code!: string;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'varchar', length: 255, default: '' })
  address!: string;

  @Column({ type: 'varchar', length: 32, default: '' })
  phone!: string;

  @Column({ type: 'boolean', width: 1, default: true })
  active!: boolean;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
