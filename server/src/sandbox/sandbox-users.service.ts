import { Injectable } from '@nestjs/common';
import { ErrorCode } from '@member/shared';
import { AppException } from '../common/app-exception';

export interface SandboxUser {
  openid: string;
  unionid?: string;
  /** WeChat's risk control: jscode2session answers 40226 for this user. */
  blocked: boolean;
}

/** WeChat users the sandbox has seen (through minted login codes). */
@Injectable()
export class SandboxUsersService {
  private readonly users = new Map<string, SandboxUser>();

  /** Records a user; a unionid, once given, sticks like a bound Open Platform account. */
  upsert(openid: string, unionid?: string): SandboxUser {
    const user = this.users.get(openid) ?? { openid, blocked: false };
    if (unionid) user.unionid = unionid;
    this.users.set(openid, user);
    return user;
  }

  find(openid: string): SandboxUser | undefined {
    return this.users.get(openid);
  }

  get(openid: string): SandboxUser {
    const user = this.users.get(openid);
    if (!user) throw new AppException(ErrorCode.NOT_FOUND, `沙箱中没有微信用户 ${openid}，请先生成登录 code`);
    return user;
  }

  setBlocked(openid: string, blocked: boolean): SandboxUser {
    const user = this.get(openid);
    user.blocked = blocked;
    return user;
  }
}
