import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The member (the operator's own WeChat) a console test-send goes to. */
@Entity('notice_test_recipient')
export class NoticeTestRecipientRow {
  @PrimaryColumn({ type: 'int' })
  operatorId!: number;

  @Column({ type: 'int' })
  memberId!: number;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
