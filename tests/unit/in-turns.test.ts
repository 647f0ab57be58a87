import { describe, expect, it } from 'vitest';
import { inTurns } from '../../server/realtime/transport.ts';

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('inTurns (broadcast shards, one per turn of the event loop)', () => {
  it('lets other work run between its steps, and keeps two runs in step and in order', async () => {
    const log: string[] = [];
    inTurns([() => log.push('a1'), () => log.push('a2'), () => log.push('a3')]);
    inTurns([() => log.push('b1'), () => log.push('b2')]);
    setImmediate(() => log.push('other'));
    for (let i = 0; i < 5; i++) await turn();
    expect(log).toEqual(['a1', 'b1', 'other', 'a2', 'b2', 'a3']);
  });

  it('schedules nothing for no steps (a step run on an empty list would throw in a later turn, failing the run)', async () => {
    const log: string[] = [];
    expect(() => inTurns([])).not.toThrow();
    setImmediate(() => log.push('other'));
    await turn();
    await turn();
    expect(log).toEqual(['other']);
  });
});
