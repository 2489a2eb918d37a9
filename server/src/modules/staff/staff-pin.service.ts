import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditAction, ErrorCode, StaffRole, type SaleApprover } from '@member/shared';
import { DataSource } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { Clock } from '../../common/clock';
import { AppConfig } from '../../config/app-config';
import { AuditService, staffActor } from '../audit/audit.service';
import type { StaffPrincipal } from '../auth/token.service';
import { MemberDirectory } from '../members/member-directory';
import { Staff } from './entities/staff.entity';

export const PIN_PATTERN = /^\d{6}$/;
// scrypt cost: ~50 ms per check, so a stolen hash of a 6-digit PIN is still slow to walk.
const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32 };

function scrypt(pin: string, salt: Buffer, o: typeof SCRYPT): Promise<Buffer> {
  const opts: ScryptOptions = { N: o.N, r: o.r, p: o.p, maxmem: 64 * 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scryptCb(pin, salt, o.keylen, opts, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** `scrypt$N$r$p$salt$hash` (base64url), so the cost can rise later without breaking stored PINs. */
export async function hashPin(pin: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(pin, salt, SCRYPT);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function pinMatches(pin: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scrypt(pin, Buffer.from(salt, 'base64url'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    keylen: expected.length,
  });
  return timingSafeEqual(key, expected);
}

export interface PinApprover {
  staffId: number;
  memberId: number;
  name: string;
}

/**
 * Store managers' approval PINs: set at invite redemption or later from the staff pages, checked when a
 * manager approves a clerk's bill. Each check first claims an attempt with a guarded update, so a burst of
 * guesses cannot get past the limit; at the limit the PIN locks for a while.
 */
@Injectable()
export class StaffPinService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly members: MemberDirectory,
  ) {}

  async set(staff: StaffPrincipal, pin: string, currentPin: string | undefined): Promise<{ pinSet: true }> {
    if (staff.role !== StaffRole.Manager) throw new AppException(ErrorCode.FORBIDDEN);
    const row = await this.ds.getRepository(Staff).findOneByOrFail({ id: staff.staffId });
    // Changing a PIN needs the current one (a phone left unlocked must not hand over the manager's approval).
    if (row.pinHash) {
      if (!currentPin) {
        throw new AppException(ErrorCode.VALIDATION_FAILED, '请输入当前确认密码', [
          { field: 'currentPin', message: '请输入当前确认密码' },
        ]);
      }
      await this.check(row.id, currentPin);
    }
    await this.ds
      .getRepository(Staff)
      .update(
        { id: row.id },
        { pinHash: await hashPin(pin), pinFailures: 0, pinLockedUntil: null, updatedAt: this.clock.now() },
      );
    await this.audit.record(staffActor(staff, await this.members.displayName(staff.memberId)), {
      action: AuditAction.StaffPinSet,
      targetType: 'staff',
      targetId: staff.staffId,
    });
    return { pinSet: true };
  }

  /** Active managers of the store who can approve (PIN set), for the clerk's approval sheet. */
  async approvers(staff: StaffPrincipal): Promise<SaleApprover[]> {
    const rows = await this.ds.getRepository(Staff).find({
      where: { storeId: staff.storeId, role: StaffRole.Manager, active: true },
      order: { id: 'ASC' },
    });
    const withPin = rows.filter((r) => r.pinHash && r.id !== staff.staffId);
    const refs = await this.members.refs(withPin.map((r) => r.memberId));
    return withPin.map((r) => ({
      staffId: r.id,
      name: refs.get(r.memberId)?.nickname || refs.get(r.memberId)?.memberNo || `店长 ${r.id}`,
    }));
  }

  /** The approving manager, when they are an active manager of the clerk's store and the PIN is right. */
  async verifyApprover(clerk: StaffPrincipal, approverStaffId: number, pin: string): Promise<PinApprover> {
    const row = await this.ds.getRepository(Staff).findOneBy({ id: approverStaffId });
    if (
      !row ||
      !row.active ||
      row.storeId !== clerk.storeId ||
      row.role !== StaffRole.Manager ||
      row.id === clerk.staffId
    ) {
      throw new AppException(ErrorCode.SALE_APPROVER_INVALID);
    }
    if (!row.pinHash) throw new AppException(ErrorCode.STAFF_PIN_NOT_SET);
    await this.check(row.id, pin);
    return { staffId: row.id, memberId: row.memberId, name: await this.members.displayName(row.memberId) };
  }

  /** Claims an attempt, compares, and either clears the failures or counts one more (locking at the limit). */
  private async check(staffId: number, pin: string): Promise<void> {
    const { pinMaxFailures: max, pinLockMinutes } = this.config.sales;
    const now = this.clock.now();
    const claimed = await this.ds
      .createQueryBuilder()
      .update(Staff)
      .set({ pinFailures: () => 'pin_failures + 1' })
      .where('id = :id AND pin_failures < :max', { id: staffId, max })
      .andWhere('(pin_locked_until IS NULL OR pin_locked_until <= :now)', { now })
      .execute();
    if (!claimed.affected) throw new AppException(ErrorCode.STAFF_PIN_LOCKED, lockedMessage(pinLockMinutes));
    const row = await this.ds.getRepository(Staff).findOneByOrFail({ id: staffId });
    if (row.pinHash && (await pinMatches(pin, row.pinHash))) {
      await this.ds.getRepository(Staff).update({ id: staffId }, { pinFailures: 0, pinLockedUntil: null });
      return;
    }
    // The attempt that reaches the limit locks the PIN and starts a fresh count for after the lock.
    const locked = await this.ds
      .createQueryBuilder()
      .update(Staff)
      .set({ pinLockedUntil: new Date(now.getTime() + pinLockMinutes * 60_000), pinFailures: 0 })
      .where('id = :id AND pin_failures >= :max', { id: staffId, max })
      .execute();
    if (locked.affected) throw new AppException(ErrorCode.STAFF_PIN_LOCKED, lockedMessage(pinLockMinutes));
    throw new AppException(ErrorCode.STAFF_PIN_WRONG);
  }
}

const lockedMessage = (minutes: number) => `店长密码错误次数过多，请 ${minutes} 分钟后再试`;
