import { Injectable } from '@nestjs/common';
import { ErrorCode, type StaffSessionResponse } from '@member/shared';
import { DataSource } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { TokenService } from '../auth/token.service';
import { StoresService } from '../stores/stores.service';
import { Staff } from './entities/staff.entity';

/** Exchanges a member's identity for a staff token carrying store and role. */
@Injectable()
export class StaffSessionService {
  constructor(
    private readonly ds: DataSource,
    private readonly tokens: TokenService,
    private readonly stores: StoresService,
  ) {}

  async forMember(memberId: number): Promise<StaffSessionResponse> {
    const staff = await this.ds.getRepository(Staff).findOneBy({ memberId });
    if (!staff) throw new AppException(ErrorCode.NOT_STAFF);
    // A disabled clerk is told so (not "not a clerk"), so the page can say who to ask.
    if (!staff.active) throw new AppException(ErrorCode.STAFF_DISABLED);
    return this.issue(staff);
  }

  async issue(staff: Staff): Promise<StaffSessionResponse> {
    const store = await this.stores.get(staff.storeId);
    if (!store.active) throw new AppException(ErrorCode.NOT_STAFF, '所在门店已停用，请联系管理员');
    const token = this.tokens.signStaff({
      staffId: staff.id,
      memberId: staff.memberId,
      storeId: staff.storeId,
      role: staff.role,
    });
    return {
      token,
      staff: { staffId: staff.id, storeId: store.id, storeName: store.name, role: staff.role, pinSet: !!staff.pinHash },
    };
  }
}
