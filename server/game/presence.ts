/** How many devices of each team are connected to this instance; the admin monitor shows it. */
import type { Transport } from './ports.ts';

export class Presence {
  private readonly devices = new Map<number, number>();

  constructor(private readonly transport: Transport) {}

  /** A device of a team connected (+1) or left (−1); the realtime doors call this. */
  change(teamId: number, gameId: number, delta: number): void {
    this.devices.set(teamId, Math.max(0, (this.devices.get(teamId) ?? 0) + delta));
    this.transport.admin(() => ({ type: 'presence', gameId, devices: this.snapshot() }));
  }

  count(teamId: number): number {
    return this.devices.get(teamId) ?? 0;
  }

  snapshot(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [id, n] of this.devices) out[String(id)] = n;
    return out;
  }
}
