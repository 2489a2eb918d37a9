import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { appConfigOrExit } from '../../config/app-config';
import { loadConfig } from '../../config/load-config';
import { buildDataSourceOptions } from '../../database/data-source-options';
import { PhoneCryptoService } from './phone-crypto.service';
import { rotatePhoneKeys } from './phone-key-rotation';

// `npm run rotate:keys`: re-encrypts stored phone numbers under the current key (security.phoneKeyId).
// Run it after adding a new key and listing the old one in PHONE_ENC_KEYS_PREVIOUS; when it reports
// nothing left, the old key can be dropped. Tokens need no command: old ones expire within their TTL.
async function main(): Promise<number> {
  const config = appConfigOrExit(() => loadConfig());
  const ds = new DataSource(await buildDataSourceOptions(config));
  await ds.initialize();
  try {
    const phones = new PhoneCryptoService(config);
    const { scanned, rotated } = await rotatePhoneKeys(ds, phones);
    console.log(
      `phone numbers: ${rotated} re-encrypted under key "${config.security.phoneKeyId}", ${scanned} members scanned`,
    );
    return 0;
  } finally {
    await ds.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
