import type { PurchaseQuote } from '@member/shared';
import { clampWallet, walletCap } from './wallet-tender';

const quoteWith = (wallet: PurchaseQuote['wallet']) => ({ wallet }) as PurchaseQuote;

describe('stored value at the till', () => {
  it('caps the tender at the balance and at what coupons and points leave', () => {
    const wallet = { balanceFen: 5000, principalFen: 4500, bonusFen: 500 };
    expect(walletCap(quoteWith(wallet), 8000)).toBe(5000);
    expect(walletCap(quoteWith(wallet), 3210)).toBe(3210);
    expect(walletCap(quoteWith(null), 3210)).toBe(0);
    expect(walletCap(null, 3210)).toBe(0);
  });

  it('keeps a typed amount within 0…cap in whole fen', () => {
    expect(clampWallet(-1, 100)).toBe(0);
    expect(clampWallet(Number.NaN, 100)).toBe(0);
    expect(clampWallet(99.9, 100)).toBe(99);
    expect(clampWallet(250, 100)).toBe(100);
  });
});
