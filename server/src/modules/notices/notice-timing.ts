import { shanghaiDayStart } from '../../common/clock';

// Reminders planned by night-time batches (00:20 points, 00:40 coupons) go out from 10:00 that business day:
// a service notice is exempt from quiet hours, but nobody needs a coupon reminder at 00:40.
const DAYTIME_HOUR = 10;

/** When a batch reminder for business day `day` (YYYY-MM-DD) is due: 10:00 that day, or now if later. */
export function noticeDueAt(day: string, now: Date): Date {
  const at = new Date(shanghaiDayStart(day).getTime() + DAYTIME_HOUR * 3600_000);
  return at.getTime() > now.getTime() ? at : now;
}
