import { Injectable } from '@nestjs/common';
import {
  AuditAction,
  ErrorCode,
  type CreateStoreRequest,
  type Store as StoreDto,
  type UpdateStoreRequest,
} from '@member/shared';
import { DataSource } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { Clock } from '../../common/clock';
import { isUniqueViolation, TransactionRunner } from '../../database/transaction-runner';
import { AuditService, operatorActor } from '../audit/audit.service';
import type { OperatorPrincipal } from '../auth/token.service';
import { Store } from './entities/store.entity';
import { StaffDirectory } from '../staff/staff-directory';

@Injectable()
export class StoresService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly staff: StaffDirectory,
  ) {}

  async list(): Promise<StoreDto[]> {
    const stores = await this.ds.getRepository(Store).find({ order: { id: 'ASC' } });
    const byStore = await this.staff.activeCounts();
    return stores.map((s) => this.toDto(s, byStore.get(s.id) ?? 0));
  }

  async get(id: number): Promise<Store> {
    const store = await this.ds.getRepository(Store).findOneBy({ id });
    if (!store) throw new AppException(ErrorCode.STORE_NOT_FOUND);
    return store;
  }

  async create(body: CreateStoreRequest, op: OperatorPrincipal): Promise<StoreDto> {
    const now = this.clock.now();
    try {
      const store = await this.tx.run(async (em) => {
        const row = em.create(Store, {
          code: body.code,
          name: body.name,
          address: body.address ?? '',
          phone: body.phone ?? '',
          active: true,
          createdAt: now,
          updatedAt: now,
        });
        await em.insert(Store, row);
        await this.audit.record(
          operatorActor(op),
          { action: AuditAction.StoreCreated, targetType: 'store', targetId: row.id, after: body, storeId: row.id },
          em,
        );
        return row;
      });
      return this.toDto(store, 0);
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppException(ErrorCode.STORE_CODE_TAKEN);
      throw error;
    }
  }

  async update(id: number, body: UpdateStoreRequest, op: OperatorPrincipal): Promise<StoreDto> {
    await this.tx.run(async (em) => {
      const store = await em.findOneBy(Store, { id });
      if (!store) throw new AppException(ErrorCode.STORE_NOT_FOUND);
      const before = { name: store.name, address: store.address, phone: store.phone, active: store.active };
      await em.update(Store, { id }, { ...body, updatedAt: this.clock.now() });
      await this.audit.record(
        operatorActor(op),
        { action: AuditAction.StoreUpdated, targetType: 'store', targetId: id, before, after: body, storeId: id },
        em,
      );
    });
    const staffCount = (await this.staff.activeCounts(id)).get(id) ?? 0;
    return this.toDto(await this.get(id), staffCount);
  }

  private toDto(s: Store, staffCount: number): StoreDto {
    return {
      id: s.id,
      code: s.code,
      name: s.name,
      address: s.address,
      phone: s.phone,
      // MySQL hands back a freshly inserted boolean default as 1/0.
      active: Boolean(s.active),
      createdAt: s.createdAt.toISOString(),
      staffCount,
    };
  }
}
