/**
 * Deleting a game on SQLite while the server runs: how long it holds the event loop (every result push of a class
 * waits that long). Two games of 300 teams × 400 guesses each (240 000 guesses); one is deleted with Prisma's plain
 * cascade (what the store did before), then, on a second database made the same way, with the store's
 * deleteGame (guesses in slices, the cascade with a temporary index by team). Same run, same data.
 *
 * Run: npx tsx bench/delete-game.ts [--teams 300] [--guesses 400]
 */
import os from 'node:os';
import { createGame, startTestServer, writeReadyGuesses, type TestServer } from '../tests/helpers/server.ts';
import { busiestProcesses } from './load-stats.ts';
import { option } from './args.ts';

const TEAMS = Number(option('teams', '300'));
const GUESSES = Number(option('guesses', '400'));
const log = (line: string) => process.stdout.write(`${line}\n`);

/** A server with two games of TEAMS teams × GUESSES guesses each, written straight through the guess writer. */
async function twoGames(): Promise<{ server: TestServer; doomed: number }> {
  const server = await startTestServer();
  const ids: number[] = [];
  for (let g = 0; g < 2; g++) {
    const { gameId, levels, teams } = await createGame(server, { levels: [{ expression: '(x - 1)^2', domain: [[-5, 5]], delayMs: 0, budget: null, password: `bench-${g}` }], teams: TEAMS, open: false });
    ids.push(gameId);
    await writeReadyGuesses(server.app, levels[0].id, teams, GUESSES, { f: (x) => (x - 1) ** 2, slope: (x) => 2 * (x - 1) });
  }
  return { server, doomed: ids[0] };
}

/** Wall time and the longest event-loop delay while `work` runs. */
async function timed(work: () => Promise<unknown>): Promise<{ ms: number; stallMs: number }> {
  // A timer every millisecond: the longest gap between two of its turns is the longest the loop was held.
  let last = performance.now();
  let stallMs = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 1);
  const t = performance.now();
  await work();
  const ms = performance.now() - t;
  await new Promise((resolve) => setTimeout(resolve, 5));
  clearInterval(tick);
  return { ms, stallMs };
}

log(`GD Arena game-deletion bench — node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model.split(' ').slice(0, 2).join(' ')}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
log(`two games of ${TEAMS} teams × ${GUESSES} guesses on one SQLite file; one is deleted\n`);
log('| how | wall (ms) | longest event-loop stall (ms) |');
log('|---|---:|---:|');
for (const [how, remove] of [
  ['Prisma cascade (before)', (s: TestServer, id: number) => s.app.database.db.game.delete({ where: { id } })],
  ['store.deleteGame (slices, temporary index)', (s: TestServer, id: number) => s.app.store.deleteGame(id)],
] as const) {
  const { server, doomed } = await twoGames();
  const { ms, stallMs } = await timed(() => remove(server, doomed));
  log(`| ${how} | ${ms.toFixed(0)} | ${stallMs.toFixed(0)} |`);
  await server.close();
}
log(`\nbusiest other processes at the end: ${(await busiestProcesses([process.pid])).join('; ') || 'none'}`);
