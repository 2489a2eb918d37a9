import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { intColumn } from '../columns';

// A purchase remembers the promotion it caused (tier ids, null when none), so its refund can take it back.
export class PurchasePromotion1764489600000 implements MigrationInterface {
  name = 'PurchasePromotion1764489600000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('purchase', [
      new TableColumn(intColumn('promoted_from_tier_id', true)),
      new TableColumn(intColumn('promoted_to_tier_id', true)),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumns('purchase', ['promoted_to_tier_id', 'promoted_from_tier_id']);
  }
}
