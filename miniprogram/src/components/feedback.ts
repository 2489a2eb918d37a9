import { Toast } from '@nutui/nutui-react-taro';
import { errorMessage } from '../services/api-error';
import { PlatformError } from '../platform';

/** Every page renders <Toast id={TOAST_ID}> through PageShell; NutUI scopes the id per page. */
export const TOAST_ID = 'mp-toast';

export function showError(e: unknown): void {
  // A user closing the scan or phone popup is not an error worth a red toast.
  const quiet = e instanceof PlatformError && e.reason === 'cancelled';
  Toast.show(TOAST_ID, { content: errorMessage(e), icon: quiet ? undefined : 'fail', duration: 2.5 });
}

export function showSuccess(text: string): void {
  Toast.show(TOAST_ID, { content: text, icon: 'success', duration: 1.5 });
}

export function showInfo(text: string): void {
  Toast.show(TOAST_ID, { content: text, duration: 2 });
}
