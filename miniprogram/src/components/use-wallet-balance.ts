import { walletApi } from '../services/wallet-api';
import { useShownData } from './use-shown-data';

/** The member's stored-value balance (fen), refreshed whenever the page comes back on screen. */
export function useWalletBalance(): number | null {
  return useShownData(async () => (await walletApi.summary()).balanceFen);
}
