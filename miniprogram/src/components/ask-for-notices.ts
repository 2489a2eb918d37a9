import { useEffect } from 'react';
import type { NoticeMoment } from '@member/shared';
import { platform } from '../platform';
import { noticesApi } from '../services/notices-api';
import { createNoticeAsker, type NoticeAskOutcome } from '../utils/notices';

// The app session's asker: remembers turned-down templates until the mini-program is closed.
const asker = createNoticeAsker({
  prompt: noticesApi.prompt,
  requestSubscribe: (ids) => platform.requestSubscribe(ids),
  report: noticesApi.report,
});

/**
 * Asks for the subscriptions that fit `moment` (e.g. 优惠券到期提醒 after 领取成功). Call it in the tap handler,
 * right after the success; it never throws and asks nothing when there is nothing to ask.
 */
export function askForNotices(moment: NoticeMoment): Promise<NoticeAskOutcome> {
  return asker.ask(moment);
}

/** Fetches the moment's template ids when the page opens, so the popup can follow the success at once. */
export function useNoticeMoment(moment: NoticeMoment): () => Promise<NoticeAskOutcome> {
  useEffect(() => asker.prefetch(moment), [moment]);
  return () => asker.ask(moment);
}
