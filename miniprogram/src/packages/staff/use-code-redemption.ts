import { useState } from 'react';
import { showInfo } from '../../components/feedback';
import { PlatformError, platform } from '../../platform';
import { errorMessage, isApiError } from '../../services/api-error';
import { outcomeUnknown } from '../../utils/refund-attempt';

/** What was looked up by a code, and the request id its redemption keeps across retries (one item, one id). */
export interface LookedUp<V> {
  view: V;
  code: string;
  requestId: string;
}

export interface CodeRedemptionOptions<V, R> {
  /** The digits of a code as typed or scanned (spaces, a scanned prefix dropped). */
  normalize: (raw: string) => string;
  /** Why the code cannot be looked up as it is (zh-CN), or null. Checked before anything is sent. */
  problem: (code: string) => string | null;
  lookup: (code: string) => Promise<V>;
  redeem: (code: string, requestId: string) => Promise<R>;
  newRequestId: () => string;
  /** Refusals meaning the item changed since it was looked up: it is looked up again and shown as it is. */
  refreshOn: ReadonlySet<string>;
  /** Shown when the platform has no camera scan (the H5 demo). */
  noScanText: string;
  onRedeemed?: (result: R) => void;
}

/**
 * A staff page that redeems something by its code (a voucher, a mall pickup): type or scan the code, look
 * it up, confirm once. A confirmation whose outcome is unknown (network) is resent with the same request
 * id, so the server answers it once; a double tap sends one.
 */
export function useCodeRedemption<V, R>(o: CodeRedemptionOptions<V, R>) {
  const [input, setInputText] = useState('');
  const [looking, setLooking] = useState(false);
  const [lookupError, setLookupError] = useState<string | null>(null);
  const [looked, setLooked] = useState<LookedUp<V> | null>(null);
  const [redeeming, setRedeeming] = useState(false);
  const [redeemError, setRedeemError] = useState<string | null>(null);
  const [unsure, setUnsure] = useState(false);
  const [done, setDone] = useState<R | null>(null);

  const setInput = (text: string) => {
    setInputText(text);
    setLookupError(null);
  };

  const lookup = async (raw: string) => {
    const code = o.normalize(raw);
    const problem = o.problem(code);
    if (problem) return setLookupError(problem);
    setLooking(true);
    setLookupError(null);
    try {
      const view = await o.lookup(code);
      setLooked({ view, code, requestId: o.newRequestId() });
      setRedeemError(null);
      setUnsure(false);
    } catch (e) {
      // Never leave the previous code's item on screen under another code's error.
      setLooked(null);
      setLookupError(errorMessage(e));
    } finally {
      setLooking(false);
    }
  };

  const scan = async () => {
    try {
      const text = await platform.scanCode();
      setInputText(o.normalize(text));
      await lookup(text);
    } catch (e) {
      if (e instanceof PlatformError && e.reason === 'unsupported') showInfo(o.noScanText);
      else if (!(e instanceof PlatformError && e.reason === 'cancelled')) setLookupError(errorMessage(e));
    }
  };

  const redeem = async () => {
    if (!looked || redeeming) return;
    setRedeeming(true);
    setRedeemError(null);
    try {
      const result = await o.redeem(looked.code, looked.requestId);
      setUnsure(false);
      setDone(result);
      platform.vibrateShort();
      o.onRedeemed?.(result);
    } catch (e) {
      setUnsure(outcomeUnknown(e));
      setRedeemError(errorMessage(e));
      if (isApiError(e) && o.refreshOn.has(e.code)) {
        o.lookup(looked.code)
          .then((view) => setLooked({ view, code: looked.code, requestId: o.newRequestId() }))
          .catch(() => undefined);
      }
    } finally {
      setRedeeming(false);
    }
  };

  /** 继续核销: back to an empty code. */
  const again = () => {
    setDone(null);
    setLooked(null);
    setInputText('');
    setRedeemError(null);
    setLookupError(null);
    setUnsure(false);
  };

  return {
    input,
    setInput,
    digits: o.normalize(input),
    looking,
    lookupError,
    looked,
    redeeming,
    redeemError,
    unsure,
    done,
    lookup,
    scan,
    redeem,
    again,
  };
}
