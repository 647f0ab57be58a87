/**
 * A board spectator for the load bench that speaks the Socket.IO wire protocol (Engine.IO v4 over a WebSocket)
 * directly. The server does exactly the work it does for a browser on /board; the bench process is spared
 * socket.io-client's full JSON decoding of every leaderboard update for hundreds of spectators, so one client
 * process on a 2-core machine measures the server rather than itself.
 */
import WebSocket from 'ws';

export interface BoardUpdate {
  /** When this spectator received it (Date.now()). */
  at: number;
  /** Identifies the update across spectators: the feed's first entry and its length. */
  key: string;
  /** The earliest readyAt (ms) among the results in its feed, when the game shows feed values. */
  oldestReadyAt: number | null;
}

const UPDATE = Buffer.from('42/board,["message",{"type":"update"');
const FEED = Buffer.from('"feed":[');

export class Spectator {
  readonly updates: BoardUpdate[] = [];
  snapshots = 0;
  /** Bytes of every Socket.IO message received (what the server wrote to this spectator). */
  bytes = 0;
  /** Bytes of the updates alone. */
  updateBytes = 0;
  closed = false;
  private socket: WebSocket | null = null;

  constructor(private readonly url: string) {}

  /** Opens the connection and joins /board; resolves on the namespace's CONNECT, rejects after `timeoutMs`. */
  connect(timeoutMs = 20_000): Promise<void> {
    const ws = new WebSocket(`${this.url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, { skipUTF8Validation: true, perMessageDeflate: false });
    this.socket = ws;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        ws.terminate();
        reject(new Error('spectator did not connect'));
      }, timeoutMs);
      ws.on('message', (data: Buffer) => {
        this.bytes += data.length;
        // Large updates stay Buffers: only their feed, at the end, is decoded.
        if (data.length > 256) return this.receive(data);
        const text = data.toString();
        if (text === '2') return ws.send('3'); // Engine.IO ping → pong
        if (text.startsWith('0{')) return ws.send('40/board,'); // Engine.IO open → Socket.IO CONNECT to /board
        if (text.startsWith('40/board,')) {
          clearTimeout(timer);
          return resolve();
        }
        if (text.startsWith('42/board,')) this.receive(data);
      });
      ws.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      ws.on('close', () => {
        this.closed = true;
      });
    });
  }

  private receive(data: Buffer): void {
    const at = Date.now();
    // The packet is 42/board,["message",{"type":…,…,"feed":[…]}]: the feed is the update's last field.
    if (!data.subarray(0, UPDATE.length).equals(UPDATE)) {
      if (data.subarray(0, 9).toString() === '42/board,') this.snapshots++;
      return;
    }
    this.updateBytes += data.length;
    const start = data.lastIndexOf(FEED);
    let feed: { teamId: number; at: string; fx?: number }[] = [];
    try {
      feed = JSON.parse(data.subarray(start + FEED.length - 1, data.length - 2).toString());
    } catch {
      feed = (JSON.parse(data.subarray('42/board,'.length).toString())[1] as { feed: typeof feed }).feed;
    }
    let oldest: number | null = null;
    for (const item of feed) {
      if (item.fx === undefined) continue;
      const t = Date.parse(item.at);
      if (oldest === null || t < oldest) oldest = t;
    }
    this.updates.push({ at, key: `${feed.length}:${feed[0]?.teamId ?? ''}:${feed[0]?.at ?? ''}`, oldestReadyAt: oldest });
  }

  close(): void {
    this.socket?.terminate();
  }
}
