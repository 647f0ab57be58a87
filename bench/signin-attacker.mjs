/**
 * The attackers of bench/signin-burst.ts, in their own process so that the bench's teams measure the server and not
 * this process's event loop: every second, at once, ATTACK_ADMIN wrong admin passwords and ATTACK_TEAM wrong team
 * logins (team numbers 1…ATTACK_TEAMS), for ATTACK_SECONDS seconds. Prints one JSON line: the answers' status counts.
 *   ATTACK_URL, ATTACK_ADMIN, ATTACK_TEAM, ATTACK_TEAMS, ATTACK_SECONDS
 */
const url = process.env.ATTACK_URL;
const admin = Number(process.env.ATTACK_ADMIN ?? 50);
const team = Number(process.env.ATTACK_TEAM ?? 50);
const teams = Number(process.env.ATTACK_TEAMS ?? 20);
const seconds = Number(process.env.ATTACK_SECONDS ?? 10);

const statuses = {};
const post = (path, body) =>
  fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(30_000) })
    .then(async (res) => {
      await res.arrayBuffer();
      return String(res.status);
    })
    .catch((err) => (err?.name === 'TimeoutError' ? 'timeout' : 'error'))
    .then((status) => void (statuses[status] = (statuses[status] ?? 0) + 1));

const bursts = [];
for (let s = 0; s < seconds; s++) {
  const started = Date.now();
  bursts.push(
    Promise.all([
      ...Array.from({ length: admin }, () => post('/api/admin/login', { password: `wrong-${Math.random()}` })),
      ...Array.from({ length: team }, (_, i) => post('/api/login', { team: (i % teams) + 1, password: `wrong-${Math.random()}` })),
    ]),
  );
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1000 - (Date.now() - started))));
}
await Promise.all(bursts);
process.stdout.write(`${JSON.stringify(statuses)}\n`);
