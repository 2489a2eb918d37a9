import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { boolColumn, idColumn, intColumn, keyColumn, timeColumn, varchar } from '../columns';

// Stored value, part (d): operator refunds of a member's unspent principal. One row per part of a refund —
// one per top-up order refunded through WeChat Pay (out_refund_no is WeChat's idempotency key, byte-exact),
// or one off-platform row for principal WeChat can no longer refund. (member_id, request_id, part_no) is
// unique: a repeated request answers the same parts.
export class WalletRefunds1765958400000 implements MigrationInterface {
  name = 'WalletRefunds1765958400000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'wallet_refund',
        columns: [
          idColumn(),
          keyColumn(q, 'out_refund_no', 64),
          intColumn('member_id'),
          keyColumn(q, 'request_id', 64),
          varchar('request_hash', 64),
          intColumn('part_no'),
          intColumn('topup_order_id', true),
          { ...keyColumn(q, 'out_trade_no', 32), isNullable: true },
          boolColumn('off_platform', false),
          intColumn('principal_fen'),
          intColumn('bonus_forfeited_fen'),
          varchar('status', 10),
          varchar('reason', 200),
          varchar('fail_reason', 200, { isNullable: true }),
          varchar('refund_id', 64, { isNullable: true }),
          intColumn('operator_id'),
          varchar('operator_name', 64),
          timeColumn('accepted_at', true),
          timeColumn('success_at', true),
          timeColumn('closed_at', true),
          timeColumn('created_at'),
          timeColumn('updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'uq_wallet_refund_out_refund_no', columnNames: ['out_refund_no'], isUnique: true }),
          new TableIndex({
            name: 'uq_wallet_refund_request',
            columnNames: ['member_id', 'request_id', 'part_no'],
            isUnique: true,
          }),
          new TableIndex({ name: 'idx_wallet_refund_status_created', columnNames: ['status', 'created_at'] }),
          new TableIndex({ name: 'idx_wallet_refund_member_created', columnNames: ['member_id', 'created_at'] }),
          new TableIndex({ name: 'idx_wallet_refund_order', columnNames: ['topup_order_id'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('wallet_refund');
  }
}
