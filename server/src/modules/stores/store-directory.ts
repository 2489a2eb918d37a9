import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { Store } from './entities/store.entity';

export interface StoreCard {
  id: number;
  code: string;
  name: string;
  active: boolean;
}

/** A store as a pickup place (the points mall's goods and orders). */
export interface StorePlace {
  id: number;
  name: string;
  address: string | null;
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

  /** Where members pick something up: name, address and whether the store is open, by id (one query). */
  async places(ids: number[], reader: DataSource | EntityManager = this.ds): Promise<Map<number, StorePlace>> {
    if (!ids.length) return new Map();
    const rows = await reader.getRepository(Store).find({
      select: { id: true, name: true, address: true, active: true },
      where: { id: In([...new Set(ids)]) },
    });
    return new Map(rows.map((s) => [s.id, { id: s.id, name: s.name, address: s.address || null, active: s.active }]));
  }

  async isEmpty(): Promise<boolean> {
    return (await this.ds.getRepository(Store).count()) === 0;
  }
}
