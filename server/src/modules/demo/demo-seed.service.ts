import { Injectable, Logger } from '@nestjs/common';
import { ActorType, OperatorRole, StaffRole } from '@member/shared';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import type { OperatorPrincipal } from '../auth/token.service';
import { StaffInvitesService } from '../staff/staff-invites.service';
import { Store } from '../stores/entities/store.entity';
import { StoresService } from '../stores/stores.service';

/** First start in sandbox mode: one demo store and a clerk invite, so the whole path can be tried at once. */
@Injectable()
export class DemoSeedService {
  private readonly logger = new Logger('Demo');

  constructor(
    private readonly ds: DataSource,
    private readonly config: AppConfig,
    private readonly stores: StoresService,
    private readonly invites: StaffInvitesService,
  ) {}

  async seedOnce(): Promise<{ storeCode: string; inviteCode: string } | null> {
    if (!this.config.isSandbox || !this.config.demo.seed) return null;
    if ((await this.ds.getRepository(Store).count()) > 0) return null;
    const system: OperatorPrincipal = {
      kind: 'operator',
      operatorId: 0,
      username: ActorType.System,
      role: OperatorRole.Admin,
      storeId: null,
    };
    const store = await this.stores.create(
      { code: 'DEMO01', name: '示例门店（静安店）', address: '上海市静安区南京西路 1266 号', phone: '021-60000000' },
      system,
    );
    const invite = await this.invites.create(
      { storeId: store.id, role: StaffRole.Manager, expiresInHours: 720 },
      system,
    );
    this.logger.log(
      `Demo data: store ${store.name} (${store.code}); staff invite code ${invite.inviteCode} (valid 30 days)`,
    );
    return { storeCode: store.code, inviteCode: invite.inviteCode };
  }
}
