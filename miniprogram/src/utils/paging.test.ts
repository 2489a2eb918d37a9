import { appendById, hasMorePages } from './paging';

describe('paging', () => {
  it('appends pages without duplicates', () => {
    const row = (id: number) => ({ id });
    expect(appendById([row(3), row(2)], [row(2), row(1)]).map((e) => e.id)).toEqual([3, 2, 1]);
  });

  it('knows when more pages exist', () => {
    expect(hasMorePages({ page: 1, pageSize: 20, total: 21 })).toBe(true);
    expect(hasMorePages({ page: 2, pageSize: 20, total: 40 })).toBe(false);
    expect(hasMorePages({ page: 1, pageSize: 20, total: 0 })).toBe(false);
  });
});
