/**
 * Input limits enforced at the edge, in one place so that any HTTP adapter (Express today, maybe Fastify
 * after the hot-paths measurement) applies the same numbers. DTOs read the integer bounds from here too.
 */
export const EDGE_LIMITS = {
  /** Largest request body accepted; more is 413 PAYLOAD_TOO_LARGE. */
  bodyBytes: 100 * 1024,
  /** The few routes that take a list (a batch issue to 10,000 member nos. is ~130 KB of JSON), by path. */
  listBodyBytes: 256 * 1024,
  listBodyPaths: ['/api/v1/admin/coupon-batches'],
  /** Deepest nesting of arrays/objects in a JSON body; no DTO nests more than 3 levels. */
  jsonDepth: 32,
  /** Largest page number of any list (an OFFSET beyond this is a scan nobody needs). */
  maxPage: 10_000,
} as const;

/** Ids and amounts are INT columns (signed 32 bit); anything larger is a 400, never a driver error. */
export const INT_MAX = 2_147_483_647;
