import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { ActorType, OperatorRole, StaffRole } from '@member/shared';
import { AppConfig } from '../../config/app-config';
import type { OperatorPrincipal } from '../auth/token.service';
import { OperatorsService } from '../operators/operators.service';
import { PointsRulesService } from '../points/points-rules.service';
import { StaffInvitesService } from '../staff/staff-invites.service';
import { StoresService } from '../stores/stores.service';
import { DemoMembersSeed } from './demo-members.seed';
import { StoreDirectory } from '../stores/store-directory';
import { Clock } from '../../common/clock';
import { DemoCouponsSeed, type DemoCoupons } from './demo-coupons.seed';
import { DemoEventsSeed } from './demo-events.seed';
import { DemoMallSeed, type DemoMall } from './demo-mall.seed';
import { DemoNoticesSeed } from './demo-notices.seed';
import { DemoSurveysSeed } from './demo-surveys.seed';
import { DemoWalletActivitySeed } from './demo-wallet-activity.seed';
import { DemoWalletSeed, type DemoWallet } from './demo-wallet.seed';

export interface DemoSeed {
  storeId: number;
  storeCode: string;
  inviteCode: string;
  coupons: DemoCoupons;
  wallet: DemoWallet;
  mall: DemoMall;
}

const SYSTEM: OperatorPrincipal = {
  kind: 'operator',
  operatorId: 0,
  username: ActorType.System,
  role: OperatorRole.Admin,
  storeId: null,
};

/** First start in sandbox mode: a demo store, a manager invite and demo members, so everything can be tried at once. */
@Injectable()
export class DemoSeedService {
  private readonly logger = new Logger('Demo');

  constructor(
    private readonly config: AppConfig,
    private readonly stores: StoresService,
    private readonly invites: StaffInvitesService,
    private readonly members: DemoMembersSeed,
    private readonly storeDirectory: StoreDirectory,
    private readonly operators: OperatorsService,
    private readonly rules: PointsRulesService,
    private readonly coupons: DemoCouponsSeed,
    private readonly wallet: DemoWalletSeed,
    private readonly walletActivity: DemoWalletActivitySeed,
    private readonly mall: DemoMallSeed,
    private readonly events: DemoEventsSeed,
    private readonly notices: DemoNoticesSeed,
    private readonly surveys: DemoSurveysSeed,
    private readonly clock: Clock,
  ) {}

  async seedOnce(): Promise<DemoSeed | null> {
    if (!this.config.isSandbox || !this.config.demo.seed) return null;
    if (!(await this.storeDirectory.isEmpty())) return null;
    const store = await this.stores.create(
      { code: 'DEMO01', name: '示例门店（静安店）', address: '上海市静安区南京西路 1266 号', phone: '021-60000000' },
      SYSTEM,
    );
    const invite = await this.invites.create(
      { storeId: store.id, role: StaffRole.Manager, expiresInHours: 720 },
      SYSTEM,
    );
    this.logger.log(
      `Demo data: store ${store.name} (${store.code}); staff invite code ${invite.inviteCode} (valid 30 days)`,
    );
    await this.seedOperators(store.id);
    // Before any member exists, so the demo members get the new-member gift as real members would.
    const coupons = await this.coupons.seed(SYSTEM, this.clock.now());
    const wallet = await this.wallet.seedPlans(SYSTEM, coupons);
    const mall = await this.mall.seedCatalog(SYSTEM, store.id, coupons);
    return { storeId: store.id, storeCode: store.code, inviteCode: invite.inviteCode, coupons, wallet, mall };
  }

  /**
   * Console colleagues for the first admin — an operator and the demo store's manager — and a points-rule
   * change that operator asked for beyond the hard bound, waiting for a second operator's approval. Their
   * passwords are random and never shown: an admin resets one (the temporary password is shown once) to
   * sign in as them, which is the operator lifecycle to try.
   */
  private async seedOperators(storeId: number): Promise<void> {
    const password = () => randomBytes(18).toString('base64url');
    const ops = await this.operators.create(
      { username: 'ops.wang', password: password(), displayName: '运营 · 王敏', role: OperatorRole.Operator },
      SYSTEM,
    );
    await this.operators.create(
      {
        username: 'manager.jingan',
        password: password(),
        displayName: '静安店 · 店长',
        role: OperatorRole.StoreManager,
        storeId,
      },
      SYSTEM,
    );
    const rules = structuredClone(await this.rules.currentRules());
    await this.rules.publish(
      {
        rules: { ...rules, signUpBonus: 20_000 },
        note: '双十二拉新：入会赠送 20000 积分，请第二位运营审批',
        acknowledgeWarnings: true,
      },
      { kind: 'operator', operatorId: ops.id, username: ops.username, role: ops.role, storeId: null },
    );
  }

  /**
   * After the server listens (sandbox WeChat login and pay go over HTTP): demo members with purchase history,
   * then their stored value — top-ups, a sale paid with it, a principal refund, a pay anomaly, reconciliation —
   * their points-mall orders, the events they signed up for, came to or missed, and their feedback.
   */
  async seedMembers(demo: DemoSeed): Promise<number> {
    try {
      const { members, clerk, ids } = await this.members.seed(demo.storeId, demo.coupons, SYSTEM);
      const topups = await this.wallet.seedTopups(demo.wallet);
      await this.walletActivity.seed(topups, clerk, SYSTEM);
      // Mall orders and events each in their own step: members and their other activity stay seeded if one fails.
      await this.part('积分商城订单', () => this.mall.seedOrders(demo.mall, ids, clerk));
      await this.part('会员活动', async () => {
        const past = await this.events.seed(SYSTEM, demo.storeId, ids, clerk);
        if (past) await this.part('活动评价', () => this.surveys.seed(SYSTEM, past.pastEventId, past.attended, ids));
      });
      await this.part('关怀提醒', () => this.notices.seed(topups));
      return members;
    } catch (error) {
      // The product works without demo members; say why they are missing and carry on.
      this.logger.warn(`Demo members were not created: ${(error as Error).message}`);
      return 0;
    }
  }

  private async part(name: string, seed: () => Promise<unknown>): Promise<void> {
    try {
      await seed();
    } catch (error) {
      this.logger.warn(`Demo ${name} were not created: ${(error as Error).message}`);
    }
  }
}
