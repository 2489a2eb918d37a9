import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MediaAssetRow } from './entities/media-asset.entity';

/** media_asset statements. */
@Injectable()
export class MediaRepository {
  constructor(private readonly ds: DataSource) {}

  byId(id: number): Promise<MediaAssetRow | null> {
    return this.ds.getRepository(MediaAssetRow).findOneBy({ id });
  }

  bySha256(sha256: string): Promise<MediaAssetRow | null> {
    return this.ds.getRepository(MediaAssetRow).findOneBy({ sha256 });
  }

  byIds(ids: number[]): Promise<MediaAssetRow[]> {
    const unique = [...new Set(ids)];
    if (!unique.length) return Promise.resolve([]);
    return this.ds
      .getRepository(MediaAssetRow)
      .createQueryBuilder('m')
      .where('m.id IN (:...ids)', { ids: unique })
      .getMany();
  }

  async insert(row: Omit<MediaAssetRow, 'id'>): Promise<number> {
    const result = await this.ds.getRepository(MediaAssetRow).insert(row);
    return Number(result.identifiers[0].id);
  }
}
