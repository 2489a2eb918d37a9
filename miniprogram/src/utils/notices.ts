import type { NoticeMoment, NoticePrompt, SubscribeReport } from '@member/shared';
import type { SubscribeDecision } from '../platform/types';

// When and how the mini-program asks for subscription messages (ux.md): only right after a related success,
// in the tap handler that produced it; at most 3 templates; never again in this session for a template the
// member turned down. Asking is a favour to the member, so nothing here may break the flow it follows.

export const NOTICE_URLS = {
  settings: '/packages/notices/settings/index',
  inbox: '/packages/notices/inbox/index',
} as const;

/** WeChat shows at most 3 templates in one popup on older base libraries. */
export const MAX_TEMPLATES_PER_ASK = 3;
/** Template ids rarely change; a prompt fetched when the page opened is good for a while. */
const PROMPT_FRESH_MS = 5 * 60_000;

export interface NoticeAskDeps {
  prompt: (moment: NoticeMoment) => Promise<NoticePrompt>;
  requestSubscribe: (templateIds: string[]) => Promise<Record<string, SubscribeDecision>>;
  report: (body: NoticeReportBody) => Promise<unknown>;
  now?: () => number;
  /** A fresh id per popup, so a retried report counts its accepts once. */
  newRequestId?: () => string;
}

/** The popup's answers with the id that makes a retried report count once (the server dedupes by it). */
export type NoticeReportBody = SubscribeReport & { requestId?: string };

function randomRequestId(): string {
  return `NS${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
}

export interface NoticeAskOutcome {
  /** The popup was shown. */
  asked: boolean;
  /** Templates the member allowed (each is one more reminder). */
  accepted: number;
}

const NOT_ASKED: NoticeAskOutcome = { asked: false, accepted: 0 };

/** 'accept' and 'acceptWithAudio' grant a send; anything else (reject, ban, filter) does not. */
export function isAccept(decision: string | undefined): boolean {
  return decision === 'accept' || decision === 'acceptWithAudio';
}

/**
 * One asker per app session. `prefetch` when a page that may ask opens, so that in WeChat the popup follows
 * the success without another network round trip (requestSubscribeMessage wants the tap's context).
 */
export function createNoticeAsker(deps: NoticeAskDeps) {
  const now = deps.now ?? Date.now;
  const newRequestId = deps.newRequestId ?? randomRequestId;
  const prompts = new Map<NoticeMoment, { at: number; prompt: Promise<NoticePrompt> }>();
  // Turned down (reject/ban/filter) in this session: not asked again until the next launch.
  const declined = new Set<string>();
  let inFlight = false;

  const promptFor = (moment: NoticeMoment): Promise<NoticePrompt> => {
    const cached = prompts.get(moment);
    if (cached && now() - cached.at < PROMPT_FRESH_MS) return cached.prompt;
    const prompt = deps.prompt(moment);
    prompts.set(moment, { at: now(), prompt });
    // A failed fetch is not remembered: the next ask tries again.
    prompt.catch(() => prompts.delete(moment));
    return prompt;
  };

  return {
    prefetch(moment: NoticeMoment): void {
      promptFor(moment).catch(() => undefined);
    },

    async ask(moment: NoticeMoment): Promise<NoticeAskOutcome> {
      if (inFlight) return NOT_ASKED; // a second success while the popup is open asks nothing
      inFlight = true;
      try {
        const prompt = await promptFor(moment);
        const templateIds = prompt.templateIds.filter((id) => !declined.has(id)).slice(0, MAX_TEMPLATES_PER_ASK);
        if (templateIds.length === 0) return NOT_ASKED;
        const results = await deps.requestSubscribe(templateIds);
        const answered: Record<string, string> = {};
        let accepted = 0;
        for (const id of templateIds) {
          const decision = results[id];
          if (decision === undefined) continue;
          answered[id] = decision;
          if (isAccept(decision)) accepted += 1;
          else declined.add(id);
        }
        if (Object.keys(answered).length > 0) {
          // The grant exists at WeChat either way: a lost report is tried once more with the same id, and if
          // that fails too it only leaves 剩余次数 short until the next one.
          const body: NoticeReportBody = { moment, results: answered, requestId: newRequestId() };
          await deps.report(body).catch(() => deps.report(body).catch(() => undefined));
        }
        return { asked: true, accepted };
      } catch {
        return NOT_ASKED;
      } finally {
        inFlight = false;
      }
    },

    /** Whether a template was turned down in this session (tests, and the points page's button text). */
    declined(templateId: string): boolean {
      return declined.has(templateId);
    },
  };
}

export type NoticeAsker = ReturnType<typeof createNoticeAsker>;

/** 消息提醒's line under a kind: how many reminders the member's 允许 taps have left. */
export function remainingText(remaining: number): string {
  return remaining > 0 ? `剩余 ${remaining} 次` : '暂无剩余次数';
}

/** One message of the sandbox's inbox (GET /sandbox/wx/messages): what WeChat's 服务通知 would show. */
export interface SandboxMessage {
  msgid: number;
  templateId: string;
  title: string;
  page?: string;
  data: Record<string, string>;
  /** "优惠券名称: 满100减20券", in template order. */
  lines: string[];
  sentAt: string;
}

/** The card's keyword rows from the sandbox's "name: value" lines (a value may itself hold ": "). */
export function keywordRows(lines: string[]): { name: string; value: string }[] {
  return lines.map((line) => {
    const at = line.indexOf(': ');
    return at < 0 ? { name: '', value: line } : { name: line.slice(0, at), value: line.slice(at + 2) };
  });
}

/** Where "进入小程序查看" goes: a message's page ("packages/x/index?a=1") as a Taro url, tab pages by switchTab. */
export function openTarget(page: string, tabPages: string[]): { url: string; tab: boolean } {
  const path = page.replace(/^\//, '');
  const bare = path.split('?')[0];
  // switchTab takes no query string.
  return tabPages.includes(bare) ? { url: `/${bare}`, tab: true } : { url: `/${path}`, tab: false };
}
