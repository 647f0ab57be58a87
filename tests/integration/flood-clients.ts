/**
 * Clients for the flood tests: a plain WebSocket (the script door) or a raw Socket.IO connection whose frames can be
 * written to the wire all at once, in one write, as a flooding script would — so that the server reads them in
 * one go, and what it admits does not depend on how fast it answers.
 */
import type { Socket as NetSocket } from 'node:net';
import WebSocket from 'ws';

/** Client-to-server WebSocket text frames, masked (with a zero key, which the protocol allows), back to back. */
export function frames(texts: string[]): Buffer {
  const parts: Buffer[] = [];
  for (const text of texts) {
    const payload = Buffer.from(text);
    const n = payload.length;
    const header = n < 126 ? Buffer.from([0x81, 0x80 | n]) : Buffer.from([0x81, 0x80 | 126, n >> 8, n & 255]);
    if (n >= 65_536) throw new Error('frame too long for this helper');
    parts.push(header, Buffer.alloc(4), payload);
  }
  return Buffer.concat(parts);
}

/** One frame repeated `count` times, built once (a 300 000-frame flood is a few MB). */
export function repeatedFrames(text: string, count: number): Buffer {
  const one = frames([text]);
  const out = Buffer.allocUnsafe(one.length * count);
  for (let i = 0; i < count; i++) one.copy(out, i * one.length);
  return out;
}

export interface RawClient {
  ws: WebSocket;
  /** The TCP socket under the WebSocket: `wire.write(frames(…))` puts frames on the wire in one write. */
  wire: NetSocket;
  /** Every text message received, in order. */
  received: string[];
  /** Resolves with the close code (1006 when the connection was cut without one). */
  closed: Promise<number>;
  /** Waits (bounded) until `test` holds for the messages received so far. */
  until(test: (received: string[]) => boolean, timeoutMs?: number): Promise<void>;
}

/** Opens a WebSocket and resolves once it is open, with its wire. */
export function openRaw(url: string): Promise<RawClient> {
  const ws = new WebSocket(url);
  const received: string[] = [];
  const listeners = new Set<() => void>();
  let wire: NetSocket | null = null;
  ws.on('upgrade', (response) => (wire = response.socket as NetSocket));
  ws.on('message', (data) => {
    received.push(String(data));
    for (const l of [...listeners]) l();
  });
  // A write after the server cut the connection fails with EPIPE or ECONNRESET: that is how a flood ends.
  ws.on('error', () => undefined);
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  const until = (test: (r: string[]) => boolean, timeoutMs = 5000) =>
    new Promise<void>((resolve, reject) => {
      if (test(received)) return resolve();
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`not within ${timeoutMs} ms; received ${received.length}: ${received.slice(-3).join(' | ')}`));
      }, timeoutMs);
      const check = () => {
        if (!test(received)) return;
        clearTimeout(timer);
        listeners.delete(check);
        resolve();
      };
      listeners.add(check);
    });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, wire: wire as unknown as NetSocket, received, closed, until }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** The plain WebSocket door with a team token; resolves once its `state` arrived (or it was closed first). */
export async function openScript(base: string, token: string): Promise<RawClient> {
  const client = await openRaw(`${base.replace(/^http/, 'ws')}/api/ws?token=${encodeURIComponent(token)}`);
  await Promise.race([client.until((r) => r.some((m) => m.includes('"type":"state"'))), client.closed]);
  return client;
}

/**
 * A Socket.IO connection spoken by hand (engine.io v4 over a WebSocket), joined to `namespace`; it answers the
 * server's pings. `send` takes whole packets, as `eventPacket` makes them.
 */
export async function openSocketIo(base: string, namespace: string, auth: Record<string, string> = {}): Promise<RawClient & { send(packet: string): void; joined: string }> {
  const client = await openRaw(`${base.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
  client.ws.on('message', (data) => {
    if (String(data) === '2') client.ws.send('3');
  });
  await client.until((r) => r.some((m) => m.startsWith('0{')));
  client.ws.send(`40${namespace},${JSON.stringify(auth)}`);
  await client.until((r) => r.some((m) => m.startsWith(`40${namespace},`) || m.startsWith(`44${namespace},`)));
  const joined = client.received.find((m) => m.startsWith(`40${namespace},`) || m.startsWith(`44${namespace},`)) as string;
  return { ...client, send: (packet: string) => client.ws.send(packet), joined };
}

/** Engine.io + Socket.IO framing of an event with an ack id, as the client writes it. */
export const eventPacket = (namespace: string, ackId: number, event: string, data: unknown) => `42${namespace},${ackId}${JSON.stringify([event, data])}`;

/** The acks in what a raw Socket.IO client received: `43<ns>,<ackId>[answer]`. */
export function acks(received: string[], namespace: string): Map<number, any> {
  const out = new Map<number, any>();
  const prefix = `43${namespace},`;
  for (const m of received) {
    if (!m.startsWith(prefix)) continue;
    const rest = m.slice(prefix.length);
    const open = rest.indexOf('[');
    out.set(Number(rest.slice(0, open)), JSON.parse(rest.slice(open))[0]);
  }
  return out;
}
