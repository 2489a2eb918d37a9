import type { EventSignupResult } from '@member/shared';
import { showError, showInfo } from '../../components/feedback';
import { PlatformError, platform } from '../../platform';
import { eventsApi } from '../../services/events-api';

/**
 * Opens WeChat Pay for a sign-up's cash fee. True when the member went through with it (or it failed in a
 * way that may still have charged): the caller then waits for the server, whose status is the proof. False
 * when they closed the popup (the seats stay held until the deadline; 去支付 opens it again).
 */
export async function payEventFee(result: EventSignupResult): Promise<boolean> {
  const p = result.signup.payment;
  if (!result.pay || !p) return false;
  try {
    await platform.requestPayment(result.pay, p.outTradeNo);
    return true;
  } catch (e) {
    if (e instanceof PlatformError && e.reason === 'cancelled') {
      showInfo('已取消支付，名额保留至支付截止时间，可在「我的活动」中继续支付');
      return false;
    }
    if (e instanceof PlatformError) return true;
    showError(e);
    return false;
  }
}

/** 去支付: fresh pay parameters from the server, then WeChat Pay. */
export async function payEventAgain(eventId: number): Promise<boolean> {
  try {
    return await payEventFee(await eventsApi.pay(eventId));
  } catch (e) {
    showError(e);
    return false;
  }
}
