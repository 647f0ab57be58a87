/**
 * How many devices of each team are connected, for the admin monitor. Each instance counts its own sockets and tells
 * the others its counts (on a change, and every few seconds); an instance not heard from for a while is gone and its
 * counts with it.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from './clock.ts';
import type { EventBus } from './events.ts';
import type { Transport } from './ports.ts';

/** How often an instance repeats its counts, and how long others keep them without hearing again. */
const HEARTBEAT_MS = 5_000;
const FORGET_AFTER_MS = 15_000;

export class Presence {
  private readonly devices = new Map<number, number>();
  /** Other instances' counts, by instance id, with when they were heard. */
  private readonly others = new Map<string, { at: number; devices: Record<string, number> }>();
  private readonly instance = randomUUID();
  private heartbeat: unknown = null;
  private lastGameId = 0;

  constructor(
    private readonly transport: Transport,
    private readonly events: EventBus,
    private readonly clock: Clock,
  ) {
    events.on((event) => {
      if (event.type !== 'presence' || event.instance === this.instance) return;
      this.others.set(event.instance, { at: this.clock.now(), devices: event.devices });
      this.transport.admin(() => ({ type: 'presence', gameId: event.gameId, devices: this.snapshot() }));
    });
  }

  /** A device of a team connected (+1) or left (−1); the realtime doors call this. */
  change(teamId: number, gameId: number, delta: number): void {
    this.devices.set(teamId, Math.max(0, (this.devices.get(teamId) ?? 0) + delta));
    this.lastGameId = gameId;
    this.transport.admin(() => ({ type: 'presence', gameId, devices: this.snapshot() }));
    this.tell();
    this.beat();
  }

  /** Devices per team id, over every instance heard from lately. */
  snapshot(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [id, n] of this.devices) out[String(id)] = n;
    const now = this.clock.now();
    for (const [instance, heard] of this.others) {
      if (now - heard.at > FORGET_AFTER_MS) {
        this.others.delete(instance);
        continue;
      }
      for (const [id, n] of Object.entries(heard.devices)) out[id] = (out[id] ?? 0) + n;
    }
    return out;
  }

  stop(): void {
    if (this.heartbeat !== null) this.clock.clearTimeout(this.heartbeat);
    this.heartbeat = null;
  }

  private tell(): void {
    const devices: Record<string, number> = {};
    for (const [id, n] of this.devices) if (n > 0) devices[String(id)] = n;
    this.events.emit({ type: 'presence', instance: this.instance, gameId: this.lastGameId, devices });
  }

  /** Repeats this instance's counts while it has devices, so the others know it is alive. */
  private beat(): void {
    if (this.heartbeat !== null) return;
    this.heartbeat = this.clock.setTimeout(() => {
      this.heartbeat = null;
      if ([...this.devices.values()].some((n) => n > 0)) {
        this.tell();
        this.beat();
      }
    }, HEARTBEAT_MS);
  }
}
