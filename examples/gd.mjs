#!/usr/bin/env node
// Plays a GD Arena level by gradient descent (or momentum) over the public HTTP API: Node 20+, no packages.
// examples/gd.py is the same script in Python; the two behave and print alike.
//
// Each step: submit x, wait for f(x) and the gradient (the server answers after the level's delay), then move
// against the gradient. It stops when the budget is used, the level closes, or --steps is reached. Along the way
// it survives what happens in class: the server restarting (the token stays valid: it waits and carries on), a
// paused level (it waits until the instructor resumes), a teammate guessing for the same team (it waits for that
// guess and continues from it), too many failed logins (it waits as long as the server says).
import { parseArgs } from 'node:util';

const USAGE = `usage: node examples/gd.mjs --server URL --team N --password P [options]

  --server URL        the address on the projector (default http://127.0.0.1:3000)
  --team N            your team number
  --password P        the level's password
  --pin PIN           your team's PIN, when the game asks for one
  --code CODE         your team's code: the first device of a team to log in is given it (this script prints
                      it); every later device or script of the team needs it
  --method gd|momentum
                      gd: x <- x - lr*g;  momentum: v <- beta*v + g, x <- x - lr*v   (default gd)
  --lr LR             learning rate; on a 2-D level one per coordinate, e.g. --lr 0.002,0.7 (default 0.1)
  --beta B            momentum (default 0.9)
  --start=X | --start=A,B
                      where to begin (write it with "=" so a negative number is not taken for an option);
                      without it the script continues from the team's latest result, or the domain's centre
  --steps N           make at most N guesses in this run (default: until the budget is used)
  --poll S            while the level is paused, ask every S seconds whether it is open again (default 3)
  --retry-for S       keep retrying a server that does not answer for S seconds before giving up (default 300)

Examples (Function 1, the bowl; Function 4, the regression line y = a*x + b from the slide's line 3.33x + 50):
  node examples/gd.mjs --server http://192.168.1.20:3000 --team 7 --password maple-river-42 --lr 0.3 --start=-4
  node examples/gd.mjs --server http://192.168.1.20:3000 --team 7 --password maple-river-42 \\
       --method momentum --lr 0.002,0.7 --beta 0.85 --start=3.33,50

On Function 4 one learning rate cannot serve both coordinates: the MSE curves about 250 times as sharply along
the slope a as along the intercept b, so a rate small enough for a makes b crawl. A rate per coordinate plus
momentum reaches an MSE below 70 (the best line has 65.47) within the 20 guesses.`;

/** An error answer of the API: `{"error": {"code", "message"}}`. */
class ApiError extends Error {
  constructor(code, message, retryAfterS = null) {
    super(message);
    this.code = code;
    this.retryAfterS = retryAfterS;
  }
}

/** No answer at all: the server is down, restarting, or the address is wrong. */
class NetworkError extends Error {}

/** A one-line explanation per error code, for the line the script prints before it exits. */
function explain(error, team) {
  const hints = {
    BAD_LOGIN: 'wrong team number, password or PIN (the server does not say which): check them on the projector',
    TEAM_CODE_REQUIRED: `team ${team} is already claimed by another device: ask your teammates for the team code and add --code CODE`,
    LEVEL_NOT_OPEN: 'this level has not started yet: run the script again once the instructor opens it',
    BUDGET_EXHAUSTED: 'all the guesses of this level are used',
    INVALID_X: `the server refused the guess: ${error.message}`,
    UNAUTHORIZED: "the server no longer accepts this team's token (expired, or the instructor reset the team code): run the script again to log in",
    RATE_LIMITED: `too many failed logins from this address: ${error.message}`,
    STORAGE_ERROR: 'the server cannot write its database (read-only or full disk): tell the instructor',
    INVALID_BODY: `the server refused the request: ${error.message}`,
    NOT_FOUND: `${error.message} (did the instructor reset the level?)`,
  };
  return `${error.code}: ${hints[error.code] ?? error.message}`;
}

function parseOptions() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        server: { type: 'string', default: 'http://127.0.0.1:3000' },
        team: { type: 'string' },
        password: { type: 'string' },
        pin: { type: 'string' },
        code: { type: 'string' },
        method: { type: 'string', default: 'gd' },
        lr: { type: 'string', default: '0.1' },
        beta: { type: 'string', default: '0.9' },
        start: { type: 'string' },
        steps: { type: 'string', default: '1000' },
        poll: { type: 'string', default: '3' },
        'retry-for': { type: 'string', default: '300' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    usage(error.message);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (!values.team || !values.password) usage('--team and --password are required');
  if (!/^https?:\/\//.test(values.server)) usage(`--server needs an address like http://192.168.1.20:3000, got "${values.server}"`);
  if (!['gd', 'momentum'].includes(values.method)) usage('--method is gd or momentum');
  const numbers = (name, text) => {
    const list = text.split(',').map(Number);
    if (text.trim() === '' || list.some((v) => !Number.isFinite(v))) usage(`--${name} needs numbers separated by commas, got "${text}"`);
    return list;
  };
  const nonNegative = (name) => {
    const value = Number(values[name]);
    if (values[name].trim() === '' || !(value >= 0)) usage(`--${name} needs a number of at least 0, got "${values[name]}"`);
    return value;
  };
  return {
    server: values.server,
    team: values.team,
    password: values.password,
    pin: values.pin,
    code: values.code,
    method: values.method,
    lr: numbers('lr', values.lr),
    beta: nonNegative('beta'),
    start: values.start === undefined ? null : numbers('start', values.start),
    steps: nonNegative('steps'),
    poll: nonNegative('poll'),
    retryFor: nonNegative('retry-for'),
  };
}

function usage(problem) {
  console.error(`${problem}\n\n${USAGE}`);
  process.exit(2);
}

const sleep = (seconds) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));
const log = (line) => console.log(line);
const format = (v) => v.map((value) => value.toFixed(5)).join(', ');
/** The server writes x as a number on 1-D levels and as [a, b] on 2-D ones. */
const vector = (x) => (Array.isArray(x) ? x : [x]);

/** The seconds a 429 asks us to wait: its Retry-After header, else the "try again in N s" of its message. */
function retryAfter(response, message) {
  const header = Number(response.headers.get('retry-after'));
  if (header > 0) return header;
  const said = /(\d+(?:\.\d+)?)\s*s\b/.exec(message ?? '');
  return said ? Number(said[1]) : 60;
}

/** A client of the team API; transient failures are retried, every other error answer is thrown as ApiError. */
function client(options) {
  let token = null;

  async function request(method, path, body) {
    let response;
    let text;
    try {
      response = await fetch(new URL(path, options.server), {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        // The longest answer is a result with ?wait=1: at most 60 s.
        signal: AbortSignal.timeout(90_000),
      });
      text = await response.text();
    } catch (error) {
      throw new NetworkError(error.cause?.code ?? error.cause?.message ?? error.message);
    }
    let data;
    try {
      data = JSON.parse(text);
    } catch {
      // A proxy in front of a restarting server may answer 502/503 with a page.
      if (response.status >= 500) throw new NetworkError(`HTTP ${response.status}`);
      throw new ApiError('NOT_GD_ARENA', `${options.server} answered HTTP ${response.status} without JSON: is --server the game's address?`);
    }
    if (!response.ok) {
      const { code = `HTTP_${response.status}`, message = '' } = data?.error ?? {};
      throw new ApiError(code, message, code === 'RATE_LIMITED' ? retryAfter(response, message) : null);
    }
    return data;
  }

  /**
   * One call of the API. Retried, with a growing pause, while the server does not answer (unless `once`: a guess
   * is not sent twice blindly), is rate-limiting us (as long as it says) or cannot write its database; for at
   * most --retry-for seconds in a row.
   */
  async function call(method, path, { body, once = false } = {}) {
    let pause = 0.5;
    let since = null;
    const announced = new Set();
    for (;;) {
      try {
        const data = await request(method, path, body);
        if (announced.has('network')) log('the server answers again: carrying on');
        return data;
      } catch (error) {
        const kind = error instanceof NetworkError ? 'network' : error.code;
        const transient = kind === 'network' ? !once : kind === 'RATE_LIMITED' || kind === 'STORAGE_ERROR';
        since ??= Date.now();
        if (!transient || (Date.now() - since) / 1000 >= options.retryFor) throw error;
        let wait = pause;
        if (kind === 'RATE_LIMITED') {
          wait = error.retryAfterS;
          log(`RATE_LIMITED: ${error.message}; waiting ${wait} s as the server asks`);
        } else if (!announced.has(kind)) {
          log(`${kind === 'network' ? `no answer from ${options.server} (${error.message})` : explain(error)}: retrying for up to ${options.retryFor} s`);
        }
        announced.add(kind);
        await sleep(wait);
        pause = Math.min(5, pause * 2);
      }
    }
  }

  return {
    call,
    setToken: (value) => {
      token = value;
    },
  };
}

/** Plays the level; resolves to the process's exit code. */
async function play(options) {
  const api = client(options);
  let level;
  let best = null;
  const printBest = () => {
    if (best) log(`best x = ${format(best.x)}  f = ${best.fx.toFixed(6)}`);
  };

  try {
    log(`logging in as team ${options.team} (the server waits on purpose, about 10 s)…`);
    const login = await api.call('POST', '/api/login', {
      body: { team: options.team, password: options.password, ...(options.pin ? { pin: options.pin } : {}), ...(options.code ? { code: options.code } : {}) },
    });
    api.setToken(login.token);
    level = login.level;
    if (login.team.code) log(`team code: ${login.team.code} (your teammates' devices and scripts need it: --code ${login.team.code})`);
    log(`level "${level.title}": ${level.dims}-D, domain ${JSON.stringify(level.domain)}, budget ${level.budget ?? '∞'}, delay ${level.delayMs} ms`);

    const lr = options.lr.length === 1 ? Array(level.dims).fill(options.lr[0]) : options.lr;
    if (lr.length !== level.dims) usage(`--lr needs 1 or ${level.dims} numbers on this ${level.dims}-D level`);
    if (options.start && options.start.length !== level.dims) usage(`--start needs ${level.dims} number(s) on this level`);
    const clip = (v) => v.map((value, i) => Math.min(level.domain[i][1], Math.max(level.domain[i][0], value)));

    let x = clip(options.start ?? level.domain.map(([lo, hi]) => (lo + hi) / 2));
    let velocity = x.map(() => 0);
    let lastId = 0; // the newest guess of the team whose result this run has used
    let steps = 0;

    /** Takes a result (ours or a teammate's), prints it and moves against its gradient. */
    const learn = (answer, mine) => {
      const guess = { ...answer, x: vector(answer.x) };
      lastId = Math.max(lastId, guess.id);
      if (best === null || guess.fx < best.fx) best = { x: guess.x, fx: guess.fx };
      if (mine) steps++;
      const label = mine ? `step ${String(steps - 1).padStart(3)}` : 'teammate';
      log(`${label}  x = ${format(guess.x)}  f(x) = ${guess.fx.toFixed(6)}  grad = ${format(guess.grad)}${mine ? '' : '  (continuing from it)'}`);
      // Plain GD: x ← x − lr·g.  Momentum: v ← β·v + g, x ← x − lr·v (per coordinate).
      velocity = options.method === 'momentum' ? velocity.map((v, i) => options.beta * v + guess.grad[i]) : guess.grad;
      x = clip(guess.x.map((v, i) => v - lr[i] * velocity[i]));
    };

    const result = async (id) => {
      for (;;) {
        const guess = await api.call('GET', `/api/guesses/${id}?wait=1`);
        if (guess.status === 'ready') return guess;
      }
    };

    /**
     * Catches up with the team: waits for its pending guess, then continues from its latest result. `sent` is the
     * x of a guess we sent without hearing back: if the server stored it, it is ours.
     */
    const catchUp = async (sent = null) => {
      let state = await api.call('GET', '/api/me');
      const pending = state.guesses.find((g) => g.status === 'pending');
      if (pending) {
        await result(pending.id);
        state = await api.call('GET', '/api/me');
      }
      const fresh = state.guesses.filter((g) => g.status === 'ready' && g.id > lastId);
      for (const g of fresh) if (best === null || g.fx < best.fx) best = { x: vector(g.x), fx: g.fx };
      const latest = fresh.reduce((a, b) => (a === null || b.id > a.id ? b : a), null);
      if (latest) learn(latest, sent !== null && vector(latest.x).every((v, i) => v === sent[i]));
    };

    /** While the level is paused (or back to a draft), polls it; true when it is open again, false when it ended. */
    const waitForOpen = async () => {
      let announced = false;
      for (;;) {
        const { status } = (await api.call('GET', '/api/me')).level;
        if (status === 'closed' || status === 'revealed') {
          log(`stopping: LEVEL_NOT_OPEN: the level is ${status}`);
          return false;
        }
        if (status === 'open') {
          if (announced) log('the level is open again: carrying on');
          // Refused although open: its time limit is running out and the server is closing it; ask again shortly.
          else await sleep(1);
          return true;
        }
        if (!announced) log(`the level is ${status}: waiting, checking every ${options.poll} s…`);
        announced = true;
        await sleep(options.poll);
      }
    };

    if (options.start === null) {
      const { guesses, remaining } = await api.call('GET', '/api/me');
      if (guesses.length > 0) log(`the team has made ${guesses.length} guesses here (${remaining ?? '∞'} left): continuing from its latest result`);
      await catchUp();
    }

    while (steps < options.steps) {
      let accepted;
      try {
        accepted = await api.call('POST', '/api/guesses', { body: { x: level.dims === 1 ? x[0] : x }, once: true });
      } catch (error) {
        if (error instanceof NetworkError) {
          log(`no answer to the guess (${error.message}): reading the team's guesses once the server answers`);
          await catchUp(x);
          continue;
        }
        if (error.code === 'GUESS_PENDING') {
          log('GUESS_PENDING: a guess of your team (a teammate?) is pending: waiting for it');
          await catchUp();
          continue;
        }
        if (error.code === 'LEVEL_NOT_OPEN') {
          if (await waitForOpen()) continue;
          break;
        }
        if (error.code === 'BUDGET_EXHAUSTED') {
          log(`stopping: BUDGET_EXHAUSTED: ${error.message}`);
          break;
        }
        throw error;
      }
      learn(await result(accepted.id), true);
    }
    if (steps >= options.steps) log(`stopping: made the ${options.steps} guesses of --steps`);
    printBest();
    return 0;
  } catch (error) {
    if (!(error instanceof ApiError || error instanceof NetworkError)) throw error;
    printBest();
    if (error instanceof NetworkError) console.error(`error: no answer from ${options.server} for ${options.retryFor} s (${error.message}): is the server running, and is --server right?`);
    else console.error(`error: ${explain(error, options.team)}`);
    return 1;
  }
}

process.exitCode = await play(parseOptions());
