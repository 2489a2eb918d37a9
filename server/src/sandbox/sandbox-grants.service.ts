import { Injectable } from '@nestjs/common';
import { ErrorCode } from '@member/shared';
import { AppException } from '../common/app-exception';
import { findTemplate } from './sandbox-templates';
import { SandboxUsersService } from './sandbox-users.service';

export type SubscribeChoice = 'accept' | 'reject' | 'ban';

/**
 * One-time subscription grants per openid + template: each "accept" adds one send, each send uses one,
 * they never expire and they accumulate (wechat.md §3.4).
 */
@Injectable()
export class SandboxGrantsService {
  private readonly remaining = new Map<string, number>();

  constructor(private readonly users: SandboxUsersService) {}

  /** What wx.requestSubscribeMessage resolves with after the user makes `choice` for every template. */
  respond(openid: string, templateIds: string[], choice: SubscribeChoice): Record<string, string> {
    this.users.get(openid);
    const unknown = templateIds.filter((id) => !findTemplate(id));
    if (unknown.length > 0) {
      throw new AppException(ErrorCode.VALIDATION_FAILED, `未知的订阅消息模板：${unknown.join(', ')}`, [
        { field: 'templateIds', message: `unknown template ids: ${unknown.join(', ')}` },
      ]);
    }
    const result: Record<string, string> = { errMsg: 'requestSubscribeMessage:ok' };
    for (const templateId of templateIds) {
      result[templateId] = choice;
      if (choice === 'accept') this.remaining.set(grantKey(openid, templateId), this.count(openid, templateId) + 1);
    }
    return result;
  }

  /** Many users accept one template `times` times (load runs); unknown users are recorded as seen. */
  grantMany(openids: string[], templateId: string, times: number): { granted: number } {
    if (!findTemplate(templateId)) {
      throw new AppException(ErrorCode.VALIDATION_FAILED, `未知的订阅消息模板：${templateId}`, [
        { field: 'templateId', message: `unknown template id: ${templateId}` },
      ]);
    }
    for (const openid of openids) {
      this.users.upsert(openid);
      this.remaining.set(grantKey(openid, templateId), this.count(openid, templateId) + times);
    }
    return { granted: openids.length * times };
  }

  /** Uses one grant; false when the user has none left for this template. */
  consume(openid: string, templateId: string): boolean {
    const left = this.count(openid, templateId);
    if (left <= 0) return false;
    this.remaining.set(grantKey(openid, templateId), left - 1);
    return true;
  }

  list(openid: string): { templateId: string; title: string; remaining: number }[] {
    this.users.get(openid);
    const grants = [];
    for (const [key, remaining] of this.remaining) {
      const [owner, templateId] = key.split('\n');
      if (owner === openid) grants.push({ templateId, title: findTemplate(templateId)?.title ?? '', remaining });
    }
    return grants;
  }

  private count(openid: string, templateId: string): number {
    return this.remaining.get(grantKey(openid, templateId)) ?? 0;
  }
}

function grantKey(openid: string, templateId: string): string {
  return `${openid}\n${templateId}`;
}
