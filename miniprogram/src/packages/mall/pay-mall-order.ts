import type { MallPayParams } from '@member/shared';
import { showError, showInfo } from '../../components/feedback';
import { PlatformError, platform } from '../../platform';

/**
 * Opens WeChat Pay for a points + cash order. True when the member went through with it (or it failed in a
 * way that may still have charged): the caller then waits for the server. False when they closed the popup.
 */
export async function payMallOrder(pay: MallPayParams, orderNo: string): Promise<boolean> {
  try {
    await platform.requestPayment(pay, orderNo);
    return true;
  } catch (e) {
    if (e instanceof PlatformError && e.reason === 'cancelled') {
      showInfo('已取消支付，可在「我的兑换」中继续支付');
      return false;
    }
    if (e instanceof PlatformError) return true;
    showError(e);
    return false;
  }
}
