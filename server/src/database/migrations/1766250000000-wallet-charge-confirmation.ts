import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { idColumn, intColumn, keyColumn, timeColumn, varchar } from '../columns';

// A stored-value charge above wallet.confirmAboveFen waits for the member's confirmation on their phone:
// one row per (store, receipt no.), the amount held in the ledger (hold_id) until the sale or the end.
export class WalletChargeConfirmation1766250000000 implements MigrationInterface {
  name = 'WalletChargeConfirmation1766250000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'wallet_charge_confirmation',
        columns: [
          idColumn(),
          intColumn('checkout_id'),
          intColumn('member_id'),
          intColumn('store_id'),
          intColumn('staff_id'),
          keyColumn(q, 'receipt_no', 64),
          intColumn('amount_fen'),
          varchar('status', 16),
          intColumn('hold_id'),
          timeColumn('expires_at'),
          timeColumn('decided_at', true),
          timeColumn('created_at'),
        ],
        indices: [
          new TableIndex({
            name: 'uq_wallet_confirm_store_receipt',
            columnNames: ['store_id', 'receipt_no'],
            isUnique: true,
          }),
          new TableIndex({ name: 'idx_wallet_confirm_member_status', columnNames: ['member_id', 'status'] }),
          new TableIndex({ name: 'idx_wallet_confirm_status_expires', columnNames: ['status', 'expires_at'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('wallet_charge_confirmation');
  }
}
