import { DataSource, MoreThan } from 'typeorm';
import { Member } from './entities/member.entity';
import type { PhoneCryptoService } from './phone-crypto.service';

export interface PhoneRotationResult {
  scanned: number;
  rotated: number;
}

/**
 * Re-encrypts every stored phone number that is not under the current key, in id order and in batches.
 * Each row is swapped with a guarded update (same id, same old ciphertext), so a member changing their
 * phone meanwhile keeps the new number and a second run finds nothing left to do.
 */
export async function rotatePhoneKeys(
  ds: DataSource,
  phones: PhoneCryptoService,
  batch = 500,
): Promise<PhoneRotationResult> {
  const repo = ds.getRepository(Member);
  const result: PhoneRotationResult = { scanned: 0, rotated: 0 };
  for (let after = 0; ;) {
    const rows = await repo.find({
      select: { id: true, phoneCipher: true },
      where: { id: MoreThan(after) },
      order: { id: 'ASC' },
      take: batch,
    });
    if (!rows.length) return result;
    after = rows[rows.length - 1].id;
    result.scanned += rows.length;
    for (const row of rows) {
      if (!row.phoneCipher || phones.isCurrent(row.phoneCipher)) continue;
      const fresh = phones.encrypt(phones.decrypt(row.phoneCipher));
      const { affected } = await repo.update({ id: row.id, phoneCipher: row.phoneCipher }, { phoneCipher: fresh });
      result.rotated += affected ?? 0;
    }
  }
}
