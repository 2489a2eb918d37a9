import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { SettingsSync } from '../common/settings-sync';
import { AppConfig } from '../config/app-config';
import { buildDataSourceOptions } from './data-source-options';
import { SqliteQueue } from './sqlite-queue';
import { TransactionRunner } from './transaction-runner';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => buildDataSourceOptions(config),
      // On SQLite every statement, from the very first, goes through the one queue (see SqliteQueue).
      dataSourceFactory: async (options?: DataSourceOptions) => {
        const ds = new DataSource(options as DataSourceOptions);
        SqliteQueue.for(ds);
        return ds;
      },
    }),
  ],
  // SettingsSync keeps cached settings in step across nodes through a database row.
  providers: [TransactionRunner, SettingsSync],
  exports: [TransactionRunner],
})
export class DatabaseModule {}
