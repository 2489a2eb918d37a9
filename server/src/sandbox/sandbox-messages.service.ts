import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { keywordProblem } from '../wechat/keyword-rules';
import { SandboxGrantsService } from './sandbox-grants.service';
import { findTemplate, type SandboxTemplate } from './sandbox-templates';
import { SandboxUsersService } from './sandbox-users.service';
import { SandboxWxError, wxParam } from './sandbox-wx.error';

export interface DeliveredMessage {
  msgid: number;
  touser: string;
  templateId: string;
  title: string;
  page?: string;
  /** Keyword → value, in template order. */
  data: Record<string, string>;
  /** What the user sees: "变动原因: 消费奖励" lines. */
  lines: string[];
  miniprogramState: string;
  lang: string;
  sentAt: string;
}

const STATES = ['developer', 'trial', 'formal'];
const LANGS = ['zh_CN', 'en_US', 'zh_HK', 'zh_TW'];
const KEEP_MESSAGES = 1000;
// WeChat's published daily quota for subscribe/send (paying apps); the minute quota is unset by default.
const DEFAULT_PER_DAY = 30_000_000;

/** How many messages went to each user per template since start (load runs count duplicates with it). */
export interface DeliveryCounts {
  total: number;
  recipients: number;
  /** Recipients who got the same template more than once. */
  repeated: number;
}

/** POST /cgi-bin/message/subscribe/send and the record of what was delivered. */
@Injectable()
export class SandboxMessagesService {
  private readonly delivered: DeliveredMessage[] = [];
  private nextMsgId = 3_000_000_000_001;
  private readonly counts = new Map<string, number>();
  private quota = { perMinute: Number.POSITIVE_INFINITY, perDay: DEFAULT_PER_DAY };
  private window = { minute: -1, day: '', inMinute: 0, inDay: 0 };

  constructor(
    private readonly clock: Clock,
    private readonly users: SandboxUsersService,
    private readonly grants: SandboxGrantsService,
  ) {}

  /** Validates like WeChat, then uses one grant; a refused message uses none. */
  send(body: unknown): { errcode: 0; errmsg: 'ok'; msgid: number } {
    if (typeof body !== 'object' || body === null) throw new SandboxWxError(47001);
    const request = body as Record<string, unknown>;
    const touser = wxParam(request, 'touser');
    if (touser === undefined || !this.users.find(touser)) throw new SandboxWxError(40003);
    const template = findTemplate(wxParam(request, 'template_id') ?? '');
    if (!template) throw new SandboxWxError(40037);
    const page = request.page;
    if (page !== undefined && !validPage(page)) throw new SandboxWxError(41030);
    const state = request.miniprogram_state ?? 'formal';
    if (typeof state !== 'string' || !STATES.includes(state)) {
      throw new SandboxWxError(47003, 'argument invalid! miniprogram_state is invalid');
    }
    const lang = request.lang ?? 'zh_CN';
    if (typeof lang !== 'string' || !LANGS.includes(lang))
      throw new SandboxWxError(47003, 'argument invalid! lang is invalid');
    const data = checkData(template, request.data);
    this.takeQuota();
    if (!this.grants.consume(touser, template.templateId)) throw new SandboxWxError(43101);
    const countKey = `${touser}\n${template.templateId}`;
    this.counts.set(countKey, (this.counts.get(countKey) ?? 0) + 1);

    const message: DeliveredMessage = {
      msgid: this.nextMsgId++,
      touser,
      templateId: template.templateId,
      title: template.title,
      ...(typeof page === 'string' && page !== '' ? { page } : {}),
      data,
      lines: template.keywords.map((keyword) => `${keyword.name}: ${data[keyword.key]}`),
      miniprogramState: state,
      lang,
      sentAt: this.clock.now().toISOString(),
    };
    this.delivered.push(message);
    if (this.delivered.length > KEEP_MESSAGES) this.delivered.shift();
    return { errcode: 0, errmsg: 'ok', msgid: message.msgid };
  }

  /** Sets the app's quota; omitted limits go back to WeChat's defaults. */
  setQuota(limits: { perMinute?: number; perDay?: number }): { perMinute: number | null; perDay: number } {
    this.quota = {
      perMinute: limits.perMinute ?? Number.POSITIVE_INFINITY,
      perDay: limits.perDay ?? DEFAULT_PER_DAY,
    };
    this.window = { minute: -1, day: '', inMinute: 0, inDay: 0 };
    return {
      perMinute: Number.isFinite(this.quota.perMinute) ? this.quota.perMinute : null,
      perDay: this.quota.perDay,
    };
  }

  /** Deliveries per user and template (all of them, not only the kept inbox), optionally for one template. */
  deliveryCounts(templateId?: string): DeliveryCounts {
    const out: DeliveryCounts = { total: 0, recipients: 0, repeated: 0 };
    for (const [key, n] of this.counts) {
      if (templateId !== undefined && !key.endsWith(`\n${templateId}`)) continue;
      out.total += n;
      out.recipients += 1;
      if (n > 1) out.repeated += 1;
    }
    return out;
  }

  // Counted per calendar minute and day of the (movable) clock, like WeChat's quota windows.
  private takeQuota(): void {
    const now = this.clock.now();
    const minute = Math.floor(now.getTime() / 60_000);
    const day = now.toISOString().slice(0, 10);
    if (day !== this.window.day) this.window = { ...this.window, day, inDay: 0 };
    if (minute !== this.window.minute) this.window = { ...this.window, minute, inMinute: 0 };
    if (this.window.inDay >= this.quota.perDay) throw new SandboxWxError(45009);
    if (this.window.inMinute >= this.quota.perMinute) throw new SandboxWxError(45011);
    this.window.inDay += 1;
    this.window.inMinute += 1;
  }

  /** Delivered messages, newest first. */
  list(openid?: string): DeliveredMessage[] {
    return this.delivered.filter((message) => openid === undefined || message.touser === openid).reverse();
  }
}

// A mini-program path with optional query ("pages/index/index?x=1"); URLs and blanks are refused.
function validPage(page: unknown): boolean {
  if (typeof page !== 'string') return false;
  if (page === '') return true;
  return page.length <= 1024 && !/^[a-z][a-z0-9+.-]*:/i.test(page) && !page.startsWith('//') && !/\s/.test(page);
}

function checkData(template: SandboxTemplate, data: unknown): Record<string, string> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new SandboxWxError(47003, 'argument invalid! data is empty');
  }
  const values: Record<string, string> = {};
  for (const keyword of template.keywords) {
    const entry = (data as Record<string, unknown>)[keyword.key];
    const value = typeof entry === 'object' && entry !== null ? (entry as { value?: unknown }).value : undefined;
    const problem = keywordProblem(keyword.type, value);
    if (problem) throw new SandboxWxError(47003, `argument invalid! data.${keyword.key}.value ${problem}`);
    values[keyword.key] = value as string;
  }
  return values;
}
