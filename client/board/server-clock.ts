/**
 * The server's clock as seen from the projector: countdowns run against closesAt, which the server set, and a
 * projector laptop's clock may be off by minutes. The offset comes from the Date header of GET /api/info.
 */
let offsetMs = 0;

/** Now, on the server's clock (milliseconds since the epoch). */
export function serverNow(): number {
  return Date.now() + offsetMs;
}

/** Records the server's Date header seen between `sentAt` and `receivedAt` (local clock). */
export function observeServerDate(dateHeader: string | null, sentAt: number, receivedAt: number): void {
  if (!dateHeader) return;
  const server = Date.parse(dateHeader);
  if (Number.isNaN(server)) return;
  // The header has whole seconds: the true server time is in [server, server + 1000).
  const estimate = server + 500 - (sentAt + receivedAt) / 2;
  // Within the header's own resolution the local clock is as good as the estimate.
  offsetMs = Math.abs(estimate) > 1500 ? estimate : 0;
}
