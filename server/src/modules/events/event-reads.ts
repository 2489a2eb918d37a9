import { Injectable } from '@nestjs/common';
import type { EventStoreBrief, MediaAsset } from '@member/shared';
import type { EntityManager } from 'typeorm';
import { MediaService } from '../media/media.service';
import { StoreDirectory } from '../stores/store-directory';
import type { EventRow } from './entities/event.entity';
import { idsOf } from './event-views';

/** Stores and posters of a page of events, one query each (shared by the member, staff and console views). */
@Injectable()
export class EventReads {
  constructor(
    private readonly stores: StoreDirectory,
    private readonly media: MediaService,
  ) {}

  async storesOf(events: EventRow[], em?: EntityManager): Promise<Map<number, EventStoreBrief>> {
    const places = await this.stores.places(
      events.map((e) => e.storeId!).filter((id) => id != null),
      em,
    );
    return new Map([...places].map(([id, p]) => [id, { id, name: p.name, address: p.address }]));
  }

  /** The assets of the events' posters, by id (covers only unless `all`). */
  async posters(events: EventRow[], all = false): Promise<Map<number, MediaAsset>> {
    const ids = events.flatMap((e) => (all ? idsOf(e.posterIdsJson) : idsOf(e.posterIdsJson).slice(0, 1)));
    if (!ids.length) return new Map();
    return new Map((await this.media.resolve([...new Set(ids)])).map((a) => [a.id, a]));
  }

  /** The event's posters in their order, skipping ids that no longer resolve. */
  postersOf(e: EventRow, assets: Map<number, MediaAsset>): MediaAsset[] {
    return idsOf(e.posterIdsJson)
      .map((id) => assets.get(id))
      .filter((a): a is MediaAsset => !!a);
  }
}
