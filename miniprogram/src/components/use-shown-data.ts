import { useCallback, useEffect, useRef, useState } from 'react';
import { useDidShow } from '@tarojs/taro';

/**
 * Data for a side panel (balance, tier badge): loaded on mount and again whenever the page comes back
 * on screen, one request at a time. A failure keeps the last value (or null) instead of toasting on
 * every tab switch; the page that owns the data shows its errors.
 */
export function useShownData<T>(load: () => Promise<T>): T | null {
  const [data, setData] = useState<T | null>(null);
  const inFlight = useRef(false);
  const loadRef = useRef(load);
  loadRef.current = load;

  const refresh = useCallback(async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    try {
      setData(await loadRef.current());
    } catch {
      // Keep the last value; see above.
    } finally {
      inFlight.current = false;
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);
  useDidShow(() => void refresh());

  return data;
}
