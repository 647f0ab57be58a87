#!/usr/bin/env node
// Plays a GD Arena level by gradient descent (or momentum) over the public HTTP API: Node 20+, no packages.
//
//   node examples/gd.mjs --server http://192.168.1.20:3000 --team 7 --password maple-river-42 \
//        --method momentum --lr 0.1 --beta 0.9 --start=-4
//
// Each step: submit x, wait for f(x) and the gradient (the server answers after the level's delay), then
// move against the gradient. Stops when the budget is used, the level closes, or --steps is reached.
import { parseArgs } from 'node:util';

const { values: opts } = parseArgs({
  options: {
    server: { type: 'string', default: 'http://127.0.0.1:3000' },
    team: { type: 'string' },
    password: { type: 'string' },
    pin: { type: 'string' },
    method: { type: 'string', default: 'gd' },
    lr: { type: 'string', default: '0.1' },
    beta: { type: 'string', default: '0.9' },
    steps: { type: 'string', default: '1000' },
    start: { type: 'string' },
  },
});
if (!opts.team || !opts.password) {
  console.error('usage: node examples/gd.mjs --server URL --team N --password P [--method gd|momentum] [--lr 0.1] [--beta 0.9] [--start=x | --start=x,y] [--steps N]');
  process.exit(2);
}
const lr = Number(opts.lr);
const beta = Number(opts.beta);

async function call(path, { token, body } = {}) {
  const res = await fetch(new URL(path, opts.server), {
    method: body === undefined ? 'GET' : 'POST',
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await res.json();
  if (!res.ok) {
    const error = new Error(`${data.error?.code}: ${data.error?.message}`);
    error.code = data.error?.code;
    throw error;
  }
  return data;
}

console.log(`logging in as team ${opts.team} (the server waits on purpose, about 10 s)…`);
const { token, level } = await call('/api/login', { body: { team: opts.team, password: opts.password, ...(opts.pin ? { pin: opts.pin } : {}) } });
console.log(`level "${level.title}": ${level.dims}-D, domain ${JSON.stringify(level.domain)}, budget ${level.budget ?? '∞'}, delay ${level.delayMs} ms`);

const clip = (v) => v.map((value, i) => Math.min(level.domain[i][1], Math.max(level.domain[i][0], value)));
let x = opts.start ? opts.start.split(',').map(Number) : level.domain.map(([lo, hi]) => (lo + hi) / 2);
if (x.length !== level.dims || x.some((v) => !Number.isFinite(v))) throw new Error(`--start needs ${level.dims} number(s)`);
x = clip(x);
let velocity = x.map(() => 0);
let best = null;

for (let step = 0; step < Number(opts.steps); step++) {
  let guess;
  try {
    guess = await call('/api/guesses', { token, body: { x: level.dims === 1 ? x[0] : x } });
  } catch (error) {
    if (['BUDGET_EXHAUSTED', 'LEVEL_NOT_OPEN'].includes(error.code)) {
      console.log(`stopping: ${error.message}`);
      break;
    }
    throw error;
  }
  let result = await call(`/api/guesses/${guess.id}?wait=1`, { token });
  while (result.status !== 'ready') result = await call(`/api/guesses/${guess.id}?wait=1`, { token });
  const { fx, grad } = result;
  if (best === null || fx < best.fx) best = { x: [...x], fx };
  console.log(`step ${String(step).padStart(3)}  x = ${x.map((v) => v.toFixed(5)).join(', ')}  f(x) = ${fx.toFixed(6)}  grad = ${grad.map((g) => g.toFixed(5)).join(', ')}`);
  // Plain GD: x ← x − lr·g.  Momentum: v ← β·v + g, x ← x − lr·v.
  velocity = opts.method === 'momentum' ? velocity.map((v, i) => beta * v + grad[i]) : grad;
  x = clip(x.map((v, i) => v - lr * velocity[i]));
}
if (best) console.log(`best x = ${best.x.map((v) => v.toFixed(5)).join(', ')}  f = ${best.fx.toFixed(6)}`);
