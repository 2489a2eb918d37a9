import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { Store } from './entities/store.entity';

export interface StoreCard {
  id: number;
  code: string;
  name: string;
  active: boolean;
}

/** The stores module's door for other modules: names for lists, and whether a store is open for business. */
@Injectable()
export class StoreDirectory {
  constructor(private readonly ds: DataSource) {}

  /** Store names by id (all stores when no ids are given), one query. */
  async names(ids?: number[]): Promise<Map<number, string>> {
    if (ids && !ids.length) return new Map();
    const rows = await this.ds.getRepository(Store).find({
      select: { id: true, name: true },
      where: ids ? { id: In([...new Set(ids)]) } : {},
    });
    return new Map(rows.map((s) => [s.id, s.name]));
  }

  async card(id: number): Promise<StoreCard | null> {
    return this.ds
      .getRepository(Store)
      .findOne({ select: { id: true, code: true, name: true, active: true }, where: { id } });
  }

  async isEmpty(): Promise<boolean> {
    return (await this.ds.getRepository(Store).count()) === 0;
  }
}
