import type { MallOrderResult } from '@member/shared';

// The confirm sheet hands its answer to the result page, which shows it at once and then reads the order
// again (its state may move on: picked up, cancelled).
let last: MallOrderResult | null = null;

export function keepResult(result: MallOrderResult): void {
  last = result;
}

/** The kept answer for this order, if it is the one just placed. */
export function takeResult(orderId: number): MallOrderResult | null {
  return last && last.order.id === orderId ? last : null;
}
