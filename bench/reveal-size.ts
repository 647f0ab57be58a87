/**
 * What the reveal costs the classroom's network: the bytes each device receives when the instructor reveals a level.
 * The board's reveal carries every team's path and every reference run; a team's device receives its share (its own
 * path, and the runs from the level's start and from its own first guess). Before that share existed every device
 * received the board's reveal, so the two columns compare the two, from the same level in the same run.
 *
 * One level of TEAMS teams × GUESSES guesses (written straight to the database), closed and revealed; the reference
 * runs (three optimizers from each team's first guess) are computed by the server as in class. One team's page is
 * connected over Socket.IO to check that its `reveal` push is the share GET /api/me shows.
 *
 * Run: npx tsx bench/reveal-size.ts [--teams 300] [--guesses 20] [--devices 2]
 */
import { isDeepStrictEqual } from 'node:util';
import { gzipSync } from 'node:zlib';
import { io } from 'socket.io-client';
import { createGame, startTestServer, teamLogins, writeReadyGuesses } from '../tests/helpers/server.ts';
import { option } from './args.ts';

const TEAMS = Number(option('teams', '300'));
const GUESSES = Number(option('guesses', '20'));
const DEVICES = Number(option('devices', '2'));
const log = (line: string) => process.stdout.write(`${line}\n`);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

// Every team logs in from this one address: the per-address login limit is lifted, as in the load bench.
const server = await startTestServer({ logLevel: 'error', loginSuccessLimit: 100_000 });
try {
  const { levels, teams } = await createGame(server, { levels: [{ expression: '(x - 1)^2 + sin(3*x)', domain: [[-5, 5]], delayMs: 0, budget: GUESSES, password: 'reveal' }], teams: TEAMS });
  const levelId = levels[0].id;
  await writeReadyGuesses(server.app, levelId, teams, GUESSES, { f: (x) => (x - 1) ** 2 + Math.sin(3 * x), slope: (x) => 2 * (x - 1) + 3 * Math.cos(3 * x) }, 31);
  // Logged in after the guesses are written: the first login loads the level with them.
  const login = teamLogins(server.url);
  const tokens: string[] = [];
  for (const team of teams) tokens.push(await login(team.number, 'reveal'));

  const page = io(`${server.url}/team`, { auth: { token: tokens[0] }, transports: ['websocket'], forceNew: true });
  const pushed = new Promise<string>((resolve) => page.on('message', (m: { type: string }) => m.type === 'reveal' && resolve(JSON.stringify(m))));
  await new Promise<void>((resolve) => page.once('connect', () => resolve()));
  await server.admin('POST', `/levels/${levelId}/close`);
  await server.admin('POST', `/levels/${levelId}/reveal`);
  const pushedText = await pushed;
  page.disconnect();

  const board = (await (await fetch(`${server.url}/api/board`)).json()) as { current: { reveal: { paths: unknown[]; reference: unknown[] } } };
  if (board.current.reveal.paths.length !== TEAMS) throw new Error(`the reveal has ${board.current.reveal.paths.length} paths, not ${TEAMS}`);
  const full = JSON.stringify(board.current.reveal);
  const shares: number[] = [];
  let firstShare = '';
  for (const token of tokens) {
    const me = (await (await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${token}` } })).json()) as { reveal: unknown };
    const text = JSON.stringify(me.reveal);
    if (!firstShare) firstShare = text;
    shares.push(text.length);
  }
  // The same share (HTTP writes the keys in its schema's order, so compared as values).
  if (!isDeepStrictEqual(JSON.parse(pushedText).reveal, JSON.parse(firstShare))) throw new Error("the team's reveal push is not the share GET /api/me shows");
  const sum = shares.reduce((a, b) => a + b, 0);
  const sorted = [...shares].sort((a, b) => a - b);

  log(`reveal of ${TEAMS} teams × ${GUESSES} guesses (${board.current.reveal.paths.length} paths, ${board.current.reveal.reference.length} reference runs), ${DEVICES} devices per team`);
  log('| what a device receives | per device | gzip | all devices at the reveal |');
  log('|---|---:|---:|---:|');
  log(`| the board's reveal (every device, before) | ${kb(full.length)} | ${kb(gzipSync(full).length)} | ${mb(full.length * TEAMS * DEVICES)} |`);
  log(`| the team's share (median; max ${kb(sorted[sorted.length - 1])}) | ${kb(sorted[Math.floor(sorted.length / 2)])} | ${kb(gzipSync(firstShare).length)} | ${mb(sum * DEVICES)} |`);
  log(`ratio: ${((full.length * TEAMS) / sum).toFixed(0)}× fewer bytes at the reveal; a late result now goes to its own team's ${DEVICES} devices, not to all ${TEAMS * DEVICES}`);
} finally {
  await server.close();
}
