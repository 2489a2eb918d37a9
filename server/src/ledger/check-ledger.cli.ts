import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { appConfigOrExit } from '../config/app-config';
import { loadConfig } from '../config/load-config';
import { buildDataSourceOptions } from '../database/data-source-options';
import { checkLedgerInvariants } from './ledger-invariants';

// `npm run check:ledger`: verifies the ledger invariants on the configured database; exit 1 on any violation.
async function main(): Promise<number> {
  const config = appConfigOrExit(() => loadConfig());
  const ds = new DataSource(await buildDataSourceOptions(config));
  await ds.initialize();
  try {
    const { accounts, violations } = await checkLedgerInvariants(ds);
    if (violations.length === 0) {
      console.log(`ledger OK: ${accounts} accounts`);
      return 0;
    }
    console.error(`ledger BROKEN: ${violations.length} violations in ${accounts} accounts`);
    for (const v of violations) console.error(`  account ${v.accountId}: ${v.rule} — ${v.detail}`);
    return 1;
  } finally {
    await ds.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
