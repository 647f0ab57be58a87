/**
 * Probe teams in their own, otherwise idle process: each two socket.io-client devices taking turns to guess, as
 * the bench's teams do, at the same pace. The bench process runs hundreds of sockets and its own event loop lags
 * under them; the probe's does not, so the lateness it sees is the server's (plus loopback). Several teams, so
 * that the p99 is one over a thousand or more results rather than the worst of a hundred. Started by bench/load.ts:
 *   PROBE_URL, PROBE_TOKENS (per team two tokens, comma-separated; teams separated by ";"), PROBE_THINK_MS,
 *   PROBE_SPREAD_MS (first guesses spread over this long);
 *   reads "start <ms>" on stdin, prints one JSON line.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { io, type Socket } from 'socket.io-client';

const url = process.env.PROBE_URL!;
const teams = process.env.PROBE_TOKENS!.split(';').map((pair) => pair.split(','));
const thinkMs = Number(process.env.PROBE_THINK_MS ?? 0);
const spreadMs = Number(process.env.PROBE_SPREAD_MS ?? 300);
const f = (x: number) => (x - 1) ** 2 + 2;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const arrivals = new Map<number, number[]>();
const values = new Map<number, number>();
const connect = (token: string) => {
  const d = io(`${url}/team`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  d.on('message', (m: { type: string; guessId: number; fx: number }) => {
    if (m.type !== 'ready') return;
    arrivals.set(m.guessId, [...(arrivals.get(m.guessId) ?? []), Date.now()]);
    values.set(m.guessId, m.fx);
  });
  return d;
};
const devices: Socket[][] = teams.map((tokens) => tokens.map(connect));
await Promise.all(devices.flat().map((d) => new Promise<void>((resolve, reject) => {
  d.once('connect', () => resolve());
  d.once('connect_error', reject);
})));
process.stdout.write('ready\n');

const lines = createInterface({ input: process.stdin });
const durationMs = await new Promise<number>((resolve) => lines.on('line', (l) => l.startsWith('start') && resolve(Number(l.split(' ')[1]))));
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
const lateness: number[] = [];
let lost = 0;
let wrong = 0;
let accepted = 0;
const stopAt = Date.now() + durationMs;

async function play(pair: Socket[]): Promise<void> {
  // Teams start apart, as the bench's do.
  await sleep(Math.random() * spreadMs);
  for (let turn = 0; Date.now() < stopAt && turn < 100_000; turn++) {
    const x = Math.round((Math.random() * 20 - 10) * 1000) / 1000;
    const ack = await pair[turn % 2].timeout(15_000).emitWithAck('message', { type: 'guess', x }).catch(() => null);
    if (!ack?.ok) {
      await sleep(50);
      continue;
    }
    accepted++;
    const readyAt = Date.parse(ack.guess.readyAt);
    const deadline = readyAt + 10_000;
    while ((arrivals.get(ack.guess.id)?.length ?? 0) < pair.length && Date.now() < deadline) await sleep(2);
    const got = arrivals.get(ack.guess.id) ?? [];
    lost += pair.length - got.length;
    for (const at of got) lateness.push(at - readyAt);
    if (got.length && Math.abs(values.get(ack.guess.id)! - f(x)) > 1e-9 * Math.max(1, f(x))) wrong++;
    if (thinkMs) await sleep(Math.random() * thinkMs);
  }
}

await Promise.all(devices.map(play));
loop.disable();
for (const d of devices.flat()) d.disconnect();
process.stdout.write(`${JSON.stringify({ lateness, lost, wrong, accepted, loopP99: loop.percentile(99) / 1e6 })}\n`);
process.exit(0);
