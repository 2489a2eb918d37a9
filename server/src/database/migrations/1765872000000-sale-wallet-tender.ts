import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { intColumn } from '../columns';

// Stored value as a tender of the counter sale: what a purchase paid from the member's wallet and how it
// split between paid principal and promotional bonus, and what each refund gave back to the wallet (the
// shift summary sums both; a refund's share is replayed from the running totals).
export class SaleWalletTender1765872000000 implements MigrationInterface {
  name = 'SaleWalletTender1765872000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('purchase', [
      new TableColumn({ ...intColumn('wallet_fen'), default: 0 }),
      new TableColumn({ ...intColumn('wallet_principal_fen'), default: 0 }),
      new TableColumn({ ...intColumn('wallet_bonus_fen'), default: 0 }),
    ]);
    await q.addColumns('purchase_refund', [new TableColumn({ ...intColumn('wallet_returned_fen'), default: 0 })]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumns('purchase_refund', ['wallet_returned_fen']);
    await q.dropColumns('purchase', ['wallet_fen', 'wallet_principal_fen', 'wallet_bonus_fen']);
  }
}
