import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { idColumn, intColumn, timeColumn, varchar } from '../columns';

// Images uploaded in the console (goods, later event posters): one row per distinct upload (sha256 unique),
// naming the storage keys of the re-encoded original and its thumbnail.
export class Media1766188800000 implements MigrationInterface {
  name = 'Media1766188800000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'media_asset',
        columns: [
          idColumn(),
          varchar('sha256', 64),
          varchar('original_key', 120),
          varchar('thumb_key', 120),
          varchar('content_type', 20),
          intColumn('width'),
          intColumn('height'),
          intColumn('bytes'),
          intColumn('thumb_width'),
          intColumn('thumb_height'),
          intColumn('thumb_bytes'),
          intColumn('created_by', true),
          timeColumn('created_at'),
        ],
        indices: [new TableIndex({ name: 'uq_media_asset_sha256', columnNames: ['sha256'], isUnique: true })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('media_asset');
  }
}
