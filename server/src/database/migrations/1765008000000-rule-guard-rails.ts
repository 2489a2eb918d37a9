import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { idColumn, intColumn, textColumn, timeColumn, varchar } from '../columns';

// Guard rails for rule and tier changes: a published points-rules version records its note, the warnings
// its publisher confirmed and the second operator who approved it; points_rule_change holds a publish
// beyond a hard bound until another operator decides; tier_change records every tier change (applied at
// once or pending) with its note and diff, so the tier history reads as words, not JSON.
export class RuleGuardRails1765008000000 implements MigrationInterface {
  name = 'RuleGuardRails1765008000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('points_rule_version', [
      new TableColumn(varchar('note', 255, { isNullable: true })),
      new TableColumn(textColumn('warnings_json')),
      new TableColumn(intColumn('approved_by_operator_id', true)),
    ]);
    const decision = () => [
      intColumn('requested_by'),
      timeColumn('requested_at'),
      intColumn('decided_by', true),
      timeColumn('decided_at', true),
      varchar('decision_note', 255, { isNullable: true }),
    ];
    await q.createTable(
      new Table({
        name: 'points_rule_change',
        columns: [
          idColumn(),
          varchar('status', 16),
          intColumn('base_version'),
          { ...textColumn('rules_json'), isNullable: false },
          varchar('note', 255),
          textColumn('warnings_json'),
          intColumn('version', true),
          ...decision(),
        ],
        indices: [new TableIndex({ name: 'idx_points_rule_change_status', columnNames: ['status', 'id'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'tier_change',
        columns: [
          idColumn(),
          varchar('action', 16),
          varchar('status', 16),
          intColumn('tier_id', true),
          varchar('tier_code', 32),
          textColumn('before_json'),
          { ...textColumn('values_json'), isNullable: false },
          varchar('note', 255),
          textColumn('warnings_json'),
          ...decision(),
        ],
        indices: [new TableIndex({ name: 'idx_tier_change_status', columnNames: ['status', 'id'] })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('tier_change');
    await q.dropTable('points_rule_change');
    await q.dropColumn('points_rule_version', 'approved_by_operator_id');
    await q.dropColumn('points_rule_version', 'warnings_json');
    await q.dropColumn('points_rule_version', 'note');
  }
}
