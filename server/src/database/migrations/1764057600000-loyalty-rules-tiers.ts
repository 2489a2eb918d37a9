import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { boolColumn, idColumn, intColumn, timeColumn, timestamps, varchar } from '../columns';

// Versioned points rules and member tiers, seeded with the defaults the business starts from.
const DEFAULT_RULES = {
  pointsPerYuan: 1,
  birthdayMultiplierPct: 200,
  signUpBonus: 100,
  expiry: { kind: 'days', days: 365 },
  deduction: { pointsPerYuan: 100, maxPercentOfBill: 50, minSpendFen: 1000 },
};

// code, name, growth (yuan), retention (yuan), multiplier %, birthday gift, badge colour
const DEFAULT_TIERS: [string, string, number, number, number, boolean, string][] = [
  ['NORMAL', '普通会员', 0, 0, 100, false, '#8C8C8C'],
  ['SILVER', '银卡会员', 1000, 800, 120, false, '#7F8FA6'],
  ['GOLD', '金卡会员', 5000, 4000, 150, true, '#D4A017'],
  ['DIAMOND', '钻石会员', 20000, 16000, 200, true, '#2F54EB'],
];

export class LoyaltyRulesTiers1764057600000 implements MigrationInterface {
  name = 'LoyaltyRulesTiers1764057600000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'points_rule_version',
        columns: [
          idColumn(),
          intColumn('version'),
          { name: 'rules_json', type: 'text', isNullable: false },
          intColumn('created_by_operator_id', true),
          timeColumn('created_at'),
        ],
        indices: [new TableIndex({ name: 'uq_points_rule_version_version', columnNames: ['version'], isUnique: true })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'tier',
        columns: [
          idColumn(),
          varchar('code', 32),
          varchar('name', 32),
          intColumn('growth_threshold'),
          intColumn('retention_threshold'),
          intColumn('points_multiplier_pct'),
          varchar('discount_text', 64, { default: "''" }),
          boolColumn('birthday_gift', false),
          varchar('badge_color', 7),
          intColumn('sort_order'),
          boolColumn('active', true),
          ...timestamps(),
        ],
        indices: [new TableIndex({ name: 'uq_tier_code', columnNames: ['code'], isUnique: true })],
      }),
    );

    // UTC "YYYY-MM-DD HH:MM:SS.mmm", the form both drivers store for datetime(3).
    const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
    await q.query(
      'INSERT INTO points_rule_version (version, rules_json, created_by_operator_id, created_at) VALUES (?, ?, NULL, ?)',
      [1, JSON.stringify(DEFAULT_RULES), now],
    );
    for (const [i, [code, name, growth, retention, pct, gift, color]] of DEFAULT_TIERS.entries()) {
      await q.query(
        'INSERT INTO tier (code, name, growth_threshold, retention_threshold, points_multiplier_pct, discount_text, ' +
          'birthday_gift, badge_color, sort_order, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [code, name, growth, retention, pct, '', gift ? 1 : 0, color, (i + 1) * 10, 1, now, now],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('tier');
    await q.dropTable('points_rule_version');
  }
}
