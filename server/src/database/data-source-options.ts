import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/**
 * MySQL/MariaDB when database.url is set; otherwise embedded SQLite in the data directory.
 * MariaDB is detected from the server version because TypeORM reads its column defaults differently
 * (without the 'mariadb' type every nullable column looks changed to the schema diff).
 */
export async function buildDataSourceOptions(config: AppConfig): Promise<DataSourceOptions> {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    logging: config.database.logging,
  } as const;
  if (config.usesSqlite) {
    mkdirSync(config.database.dataDir, { recursive: true });
    return {
      ...common,
      type: 'better-sqlite3',
      database: join(config.database.dataDir, 'member.sqlite'),
      enableWAL: true,
      // Foreign writers (a second CLI process) wait instead of failing at once.
      prepareDatabase: (db: { pragma(s: string): unknown }) => {
        db.pragma('busy_timeout = 5000');
      },
    };
  }
  return {
    ...common,
    type: (await isMariaDb(config.database.url)) ? 'mariadb' : 'mysql',
    url: config.database.url,
    // Timestamps are UTC in the database; business dates are computed in Asia/Shanghai by the Clock.
    timezone: 'Z',
    charset: 'utf8mb4_unicode_ci',
    poolSize: config.database.poolSize,
    // Transactions send writes nobody reads with their next statement, in one trip (statement-pipeline.ts).
    // Every statement is parameterised, so a second statement cannot be smuggled in through a value.
    multipleStatements: true,
    supportBigNumbers: true,
    bigNumberStrings: false,
  };
}

async function isMariaDb(url: string): Promise<boolean> {
  const conn = await createConnection(url);
  try {
    const [rows] = await conn.query('SELECT VERSION() AS v');
    return /mariadb/i.test(String((rows as { v: string }[])[0].v));
  } finally {
    await conn.end();
  }
}
