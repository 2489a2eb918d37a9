import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { bigintColumn, boolColumn, idColumn, intColumn, timeColumn, varchar } from '../columns';

// Stored value, reconciliation: one run per WeChat Pay trade-bill date (recon_run, replaced by a rerun) and its
// lines (recon_item: payments and principal refunds). The liability report reads the ledger through indexes that exist already (system legs
// by account and time, member legs by journal, allocations and lots by entry).
export class WalletReconciliation1766044800000 implements MigrationInterface {
  name = 'WalletReconciliation1766044800000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'recon_run',
        columns: [
          idColumn(),
          varchar('bill_date', 10),
          varchar('status', 10),
          boolColumn('no_statement', false),
          { ...intColumn('bill_count'), default: 0 },
          { ...bigintColumn('bill_fen'), default: 0 },
          { ...intColumn('our_count'), default: 0 },
          { ...bigintColumn('our_fen'), default: 0 },
          { ...intColumn('matched_count'), default: 0 },
          { ...intColumn('repaired_count'), default: 0 },
          { ...intColumn('mismatch_count'), default: 0 },
          { ...intColumn('bill_refund_count'), default: 0 },
          { ...bigintColumn('bill_refund_fen'), default: 0 },
          { ...intColumn('our_refund_count'), default: 0 },
          { ...bigintColumn('our_refund_fen'), default: 0 },
          varchar('error', 255, { isNullable: true }),
          varchar('triggered_by', 8),
          intColumn('operator_id', true),
          timeColumn('started_at'),
          timeColumn('finished_at', true),
        ],
        indices: [
          new TableIndex({ name: 'uq_recon_run_bill_date', columnNames: ['bill_date'], isUnique: true }),
          new TableIndex({ name: 'idx_recon_run_status', columnNames: ['status', 'bill_date'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'recon_item',
        columns: [
          idColumn(),
          intColumn('run_id'),
          varchar('kind', 8),
          varchar('status', 20),
          varchar('out_trade_no', 64),
          varchar('out_refund_no', 64, { isNullable: true }),
          varchar('transaction_id', 64, { isNullable: true }),
          intColumn('bill_fen', true),
          intColumn('our_fen', true),
          timeColumn('trade_time', true),
          varchar('note', 255, { isNullable: true }),
        ],
        indices: [
          new TableIndex({ name: 'idx_recon_item_run_status', columnNames: ['run_id', 'status'] }),
          new TableIndex({ name: 'idx_recon_item_out_trade_no', columnNames: ['out_trade_no'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('recon_item');
    await q.dropTable('recon_run');
  }
}
