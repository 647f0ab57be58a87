/**
 * The flooders of tests/integration/flood.test.ts, in a child process of their own, as an attacker on another
 * machine: writing millions of bytes must not hold the test's event loop (which times the other team's results),
 * nor, on a small shared machine, take its CPU (the test lowers this process's priority). For each round the test
 * sends fresh team tokens: `prepare` connects a script's WebSocket that will flood guesses, one that will flood
 * `state` requests, and a page's Socket.IO socket; `go` floods them all at once; `done` reports how each ended.
 */
import { io, type Socket } from 'socket.io-client';
import { openScript, repeatedFrames, type RawClient } from './flood-clients.ts';

export type FloodCommand = { type: 'prepare'; round: number; url: string; tokens: { guesses: string; states: string; page: string }; frames: number } | { type: 'go'; round: number };

export interface FloodOutcome {
  /** Close code of each script socket. */
  guesses: { code: number; written: number; answers: number };
  states: { code: number; written: number; answers: number };
  /** How the page's socket ended, and how many messages it emitted before. */
  page: { reason: string; emitted: number };
}

export type FloodReport = { type: 'prepared'; round: number } | { type: 'done'; round: number; outcome: FloodOutcome } | { type: 'failed'; round: number; error: string };

const post = (report: FloodReport) => process.send?.(report);
if (!process.send) throw new Error('flood-client.ts runs as a child process (fork)');

/** How long one round may take before it is reported as failed. */
const ROUND_LIMIT_MS = 20_000;
const flood = new Map<number, { guesses: RawClient; states: RawClient; page: Socket; frames: number }>();
const payloads = new Map<number, { guesses: Buffer; states: Buffer }>();

function payloadsFor(frames: number) {
  let p = payloads.get(frames);
  if (!p) {
    p = { guesses: repeatedFrames(JSON.stringify({ type: 'guess', x: 1 }), frames), states: repeatedFrames(JSON.stringify({ type: 'state' }), frames) };
    payloads.set(frames, p);
  }
  return p;
}

function connectPage(url: string, token: string): Promise<Socket> {
  const page = io(`${url}/team`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    page.once('message', () => resolve(page));
    page.once('connect_error', reject);
  });
}

/** Emits as fast as the page's client can, in batches (so that it notices the disconnect), up to `count`. */
function floodPage(page: Socket, count: number): Promise<{ reason: string; emitted: number }> {
  let emitted = 0;
  return new Promise((resolve) => {
    page.once('disconnect', (reason) => resolve({ reason, emitted }));
    const batch = () => {
      if (!page.connected) return;
      for (let i = 0; i < 1_000 && emitted < count; i++, emitted++) page.emit('message', emitted % 2 ? { type: 'state' } : { type: 'guess', x: 1, id: `f${emitted}` });
      if (emitted < count) setImmediate(batch);
    };
    batch();
  });
}

async function go(round: number): Promise<FloodOutcome> {
  const r = flood.get(round);
  if (!r) throw new Error(`round ${round} was not prepared`);
  const bytes = payloadsFor(r.frames);
  const before = { guesses: r.guesses.received.length, states: r.states.received.length };
  r.guesses.wire.write(bytes.guesses);
  r.states.wire.write(bytes.states);
  const [guesses, states, page] = await Promise.all([r.guesses.closed, r.states.closed, floodPage(r.page, r.frames)]);
  r.page.close();
  return {
    guesses: { code: guesses, written: r.frames, answers: r.guesses.received.length - before.guesses },
    states: { code: states, written: r.frames, answers: r.states.received.length - before.states },
    page,
  };
}

const limited = <T>(work: Promise<T>): Promise<T> =>
  Promise.race([work, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`not done within ${ROUND_LIMIT_MS} ms`)), ROUND_LIMIT_MS).unref())]);

process.on('message', (command: FloodCommand) => {
  if (command.type === 'prepare') {
    const { round, url, tokens, frames } = command;
    payloadsFor(frames);
    limited(Promise.all([openScript(url, tokens.guesses), openScript(url, tokens.states), connectPage(url, tokens.page)]))
      .then(([guesses, states, page]) => {
        flood.set(round, { guesses, states, page, frames });
        post({ type: 'prepared', round });
      })
      .catch((err: unknown) => post({ type: 'failed', round, error: String(err) }));
  } else {
    limited(go(command.round))
      .then((outcome) => post({ type: 'done', round: command.round, outcome }))
      .catch((err: unknown) => post({ type: 'failed', round: command.round, error: String(err) }));
  }
});
