/**
 * An autocannon-like HTTP loop: `concurrency` workers on keep-alive connections, each sending its next request as
 * soon as the previous answer is read, for a bounded time. The same code drives the bare Fastify baseline and
 * GD Arena, so their figures can be divided.
 */
import http from 'node:http';
import { summarise, type Summary } from './load-stats.ts';

export interface HttpLoopOptions {
  url: string;
  method: 'GET' | 'POST';
  path: string;
  concurrency: number;
  durationMs: number;
  /** The body of worker `i`'s next request (JSON text), if any. */
  body?: (worker: number) => string;
  /** Extra headers of worker `i` (a bearer token). */
  headers?: (worker: number) => Record<string, string>;
  /** The status that counts as success (200; 202 for a guess). */
  expectStatus: number;
  /** Called with each successful answer's body (to collect ids), if given. */
  onAnswer?: (worker: number, body: string) => void;
}

export interface HttpLoopResult {
  requests: number;
  ok: number;
  /** Count per unexpected status (or "error" for a failed connection). */
  failures: Record<string, number>;
  perSecond: number;
  latency: Summary;
  elapsedMs: number;
}

/** One request on the agent; resolves with status and body, rejects on a socket error or after 30 s. */
function request(agent: http.Agent, url: URL, method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { agent, hostname: url.hostname, port: url.port, method, path, headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs the loop; every worker stops at the deadline (a request in flight then is still awaited, at most 30 s). */
export async function httpLoop(o: HttpLoopOptions): Promise<HttpLoopResult> {
  const url = new URL(o.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.concurrency });
  const latencies: number[] = [];
  const failures: Record<string, number> = {};
  let requests = 0;
  let ok = 0;
  const started = performance.now();
  const deadline = started + o.durationMs;
  const worker = async (i: number) => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      requests++;
      try {
        const res = await request(agent, url, o.method, o.path, o.headers?.(i) ?? {}, o.body?.(i));
        if (res.status === o.expectStatus) {
          ok++;
          latencies.push(performance.now() - t0);
          o.onAnswer?.(i, res.body);
        } else {
          failures[res.status] = (failures[res.status] ?? 0) + 1;
        }
      } catch {
        failures.error = (failures.error ?? 0) + 1;
        await new Promise((r) => setTimeout(r, 10));
      }
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, (_, i) => worker(i)));
  const elapsedMs = performance.now() - started;
  agent.destroy();
  return { requests, ok, failures, perSecond: (ok * 1000) / elapsedMs, latency: summarise(latencies), elapsedMs };
}
