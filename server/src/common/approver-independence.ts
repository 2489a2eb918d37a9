// Four eyes means two people: an approver must not be the requester, nor an account the requester created
// within the last 24 hours (a second login of their own).
export const APPROVER_INDEPENDENCE_MS = 24 * 3_600_000;

export function createdByRequesterRecently(
  approverOrigin: { createdBy: number | null; createdAt: Date } | null,
  requesterId: number,
  now: Date,
): boolean {
  return (
    approverOrigin?.createdBy === requesterId &&
    approverOrigin.createdAt.getTime() > now.getTime() - APPROVER_INDEPENDENCE_MS
  );
}
