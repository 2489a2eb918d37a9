import type { PointsEntry } from '@member/shared';
import { appendEntries, expiringLine, formatPointsDelta, hasMorePages } from './points';

function entry(id: number): PointsEntry {
  return {
    id,
    amount: 10,
    balanceAfter: 10,
    type: 'CREDIT',
    reason: '消费',
    expiresAt: null,
    storeName: null,
    createdAt: '2026-11-23T00:00:00.000Z',
  };
}

describe('points helpers', () => {
  it('signs point amounts', () => {
    expect(formatPointsDelta(120)).toBe('+120');
    expect(formatPointsDelta(-50)).toBe('-50');
    expect(formatPointsDelta(0)).toBe('0');
  });

  it('formats expiring lots in Asia/Shanghai dates', () => {
    expect(expiringLine({ points: 120, expiresAt: '2027-03-01T15:59:59.999Z' })).toBe('2027-03-01 到期 120 分');
  });

  it('appends pages without duplicates', () => {
    expect(appendEntries([entry(3), entry(2)], [entry(2), entry(1)]).map((e) => e.id)).toEqual([3, 2, 1]);
  });

  it('knows when more pages exist', () => {
    expect(hasMorePages({ page: 1, pageSize: 20, total: 21 })).toBe(true);
    expect(hasMorePages({ page: 2, pageSize: 20, total: 40 })).toBe(false);
    expect(hasMorePages({ page: 1, pageSize: 20, total: 0 })).toBe(false);
  });
});
