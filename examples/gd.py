#!/usr/bin/env python3
"""Plays a GD Arena level by gradient descent (or momentum) over the public HTTP API, standard library only.
examples/gd.mjs is the same script for Node; the two behave and print alike.

Each step: submit x, wait for f(x) and the gradient (the server answers after the level's delay), then move
against the gradient. It stops when the budget is used, the level closes, or --steps is reached. Along the way it
survives what happens in class: the server restarting (the token stays valid: it waits and carries on), a paused
level (it waits until the instructor resumes), a teammate guessing for the same team (it waits for that guess and
continues from it), too many failed logins (it waits as long as the server says).

Examples (Function 1, the bowl; Function 4, the regression line y = a*x + b from the slide's line 3.33x + 50):

    python3 examples/gd.py --server http://192.168.1.20:3000 --team 7 --password maple-river-42 --lr 0.3 --start=-4
    python3 examples/gd.py --server http://192.168.1.20:3000 --team 7 --password maple-river-42 \\
        --method momentum --lr 0.002,0.7 --beta 0.85 --start=3.33,50

On Function 4 one learning rate cannot serve both coordinates: the MSE curves about 250 times as sharply along
the slope a as along the intercept b, so a rate small enough for a makes b crawl. A rate per coordinate plus momentum reaches an MSE below
70 (the best line has 65.47) within the 20 guesses.
"""
import argparse
import http.client
import json
import re
import sys
import time
import urllib.error
import urllib.request


class ApiError(Exception):
    """An error answer of the API: {"error": {"code", "message"}}."""

    def __init__(self, code, message, retry_after=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.retry_after = retry_after


class NetworkError(Exception):
    """No answer at all: the server is down, restarting, or the address is wrong."""


class Usage(Exception):
    """A command-line mistake found after logging in (the level's dimension decides what fits)."""


def explain(error, team=None):
    """A one-line explanation per error code, for the line the script prints before it exits."""
    hints = {
        "BAD_LOGIN": "wrong team number, password or PIN (the server does not say which): check them on the projector",
        "TEAM_CODE_REQUIRED": f"team {team} is already claimed by another device: ask your teammates for the team code and add --code CODE",
        "LEVEL_NOT_OPEN": "this level has not started yet: run the script again once the instructor opens it",
        "BUDGET_EXHAUSTED": "all the guesses of this level are used",
        "INVALID_X": f"the server refused the guess: {error.message}",
        "UNAUTHORIZED": "the server no longer accepts this team's token (expired, or the instructor reset the team code): run the script again to log in",
        "RATE_LIMITED": f"too many failed logins from this address: {error.message}",
        "STORAGE_ERROR": "the server cannot write its database (read-only or full disk): tell the instructor",
        "INVALID_BODY": f"the server refused the request: {error.message}",
        "NOT_FOUND": f"{error.message} (did the instructor reset the level?)",
    }
    return f"{error.code}: {hints.get(error.code, error.message)}"


def retry_after(headers, message):
    """The seconds a 429 asks us to wait: its Retry-After header, else the "try again in N s" of its message."""
    try:
        header = float(headers.get("retry-after") or 0)
    except ValueError:
        header = 0
    if header > 0:
        return header
    said = re.search(r"(\d+(?:\.\d+)?)\s*s\b", message or "")
    return float(said.group(1)) if said else 60.0


def vector(x):
    """The server writes x as a number on 1-D levels and as [a, b] on 2-D ones."""
    return x if isinstance(x, list) else [x]


def fmt(values):
    return ", ".join(f"{v:.5f}" for v in values)


class Client:
    """A client of the team API; transient failures are retried, every other error answer is raised as ApiError."""

    def __init__(self, server, retry_for):
        self.server = server.rstrip("/")
        self.retry_for = retry_for
        self.token = None

    def request(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.server + path, data=data, method=method)
        if body is not None:
            request.add_header("content-type", "application/json")
        if self.token:
            request.add_header("authorization", f"Bearer {self.token}")
        try:
            # The longest answer is a result with ?wait=1: at most 60 s.
            with urllib.request.urlopen(request, timeout=90) as response:
                status, headers, text = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, headers = error.code, error.headers
            try:
                text = error.read()
            except (OSError, http.client.HTTPException) as cause:
                raise NetworkError(describe(cause)) from None
        except urllib.error.URLError as error:
            raise NetworkError(describe(error.reason)) from None
        except (OSError, http.client.HTTPException) as error:
            raise NetworkError(describe(error)) from None
        try:
            answer = json.loads(text)
        except ValueError:
            # A proxy in front of a restarting server may answer 502/503 with a page.
            if status >= 500:
                raise NetworkError(f"HTTP {status}") from None
            raise ApiError("NOT_GD_ARENA", f"{self.server} answered HTTP {status} without JSON: is --server the game's address?") from None
        if status >= 400:
            detail = answer.get("error", {}) if isinstance(answer, dict) else {}
            code, message = detail.get("code") or f"HTTP_{status}", detail.get("message") or ""
            raise ApiError(code, message, retry_after(headers, message) if code == "RATE_LIMITED" else None)
        return answer

    def call(self, method, path, body=None, once=False):
        """One call of the API. Retried, with a growing pause, while the server does not answer (unless `once`: a
        guess is not sent twice blindly), is rate-limiting us (as long as it says) or cannot write its database;
        for at most --retry-for seconds in a row."""
        pause, since, announced = 0.5, None, set()
        while True:
            try:
                answer = self.request(method, path, body)
                if "network" in announced:
                    print("the server answers again: carrying on")
                return answer
            except (ApiError, NetworkError) as error:
                kind = "network" if isinstance(error, NetworkError) else error.code
                transient = (not once) if kind == "network" else kind in ("RATE_LIMITED", "STORAGE_ERROR")
                since = since or time.monotonic()
                if not transient or time.monotonic() - since >= self.retry_for:
                    raise
                wait = pause
                if kind == "RATE_LIMITED":
                    wait = error.retry_after
                    print(f"RATE_LIMITED: {error.message}; waiting {wait:g} s as the server asks")
                elif kind not in announced:
                    said = f"no answer from {self.server} ({error})" if kind == "network" else explain(error)
                    print(f"{said}: retrying for up to {self.retry_for:g} s")
                announced.add(kind)
                time.sleep(wait)
                pause = min(5.0, pause * 2)


def describe(error):
    """What went wrong on the wire, in a few words ("Connection refused", "timed out")."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


def numbers(text):
    """"0.002,0.7" -> [0.002, 0.7] (argparse type)."""
    try:
        return [float(v) for v in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f'needs numbers separated by commas, got "{text}"') from None


def parse_options():
    parser = argparse.ArgumentParser(
        description="Gradient descent against a GD Arena level.",
        epilog=__doc__[__doc__.index("Examples"):],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--server", default="http://127.0.0.1:3000", help="the address on the projector")
    parser.add_argument("--team", required=True, help="your team number")
    parser.add_argument("--password", required=True, help="the level's password")
    parser.add_argument("--pin", help="your team's PIN, when the game asks for one")
    parser.add_argument("--code", help="your team's code: the first device of a team to log in is given it (this script prints it); every later device or script of the team needs it")
    parser.add_argument("--method", choices=["gd", "momentum"], default="gd", help="gd: x <- x - lr*g;  momentum: v <- beta*v + g, x <- x - lr*v")
    parser.add_argument("--lr", type=numbers, default=[0.1], help="learning rate; on a 2-D level one per coordinate, e.g. --lr 0.002,0.7 (default 0.1)")
    parser.add_argument("--beta", type=float, default=0.9, help="momentum (default 0.9)")
    parser.add_argument("--start", type=numbers, help='where to begin: --start=X or --start=A,B (with "=" so a negative number is not taken for an option); without it the script continues from the team\'s latest result, or the domain\'s centre')
    parser.add_argument("--steps", type=int, default=1000, help="make at most N guesses in this run (default: until the budget is used)")
    parser.add_argument("--poll", type=float, default=3, help="while the level is paused, ask every S seconds whether it is open again (default 3)")
    parser.add_argument("--retry-for", type=float, default=300, help="keep retrying a server that does not answer for S seconds before giving up (default 300)")
    return parser, parser.parse_args()


class Player:
    """Plays the level for one team: the walk (x, velocity), the best result seen, and how far the team has got."""

    def __init__(self, options, api, level):
        self.options, self.api, self.level = options, api, level
        dims = level["dims"]
        self.lr = options.lr * dims if len(options.lr) == 1 else options.lr
        if len(self.lr) != dims:
            raise Usage(f"--lr needs 1 or {dims} numbers on this {dims}-D level")
        if options.start is not None and len(options.start) != dims:
            raise Usage(f"--start needs {dims} number(s) on this level")
        self.x = self.clip(options.start or [(lo + hi) / 2 for lo, hi in level["domain"]])
        self.velocity = [0.0] * dims
        self.last_id = 0  # the newest guess of the team whose result this run has used
        self.steps = 0
        self.best = None

    def clip(self, point):
        return [min(hi, max(lo, v)) for v, (lo, hi) in zip(point, self.level["domain"])]

    def learn(self, guess, mine):
        """Takes a result (ours or a teammate's), prints it and moves against its gradient."""
        guess = dict(guess, x=vector(guess["x"]))
        self.last_id = max(self.last_id, guess["id"])
        if self.best is None or guess["fx"] < self.best[1]:
            self.best = (guess["x"], guess["fx"])
        if mine:
            self.steps += 1
        label = f"step {self.steps - 1:3d}" if mine else "teammate"
        tail = "" if mine else "  (continuing from it)"
        print(f"{label}  x = {fmt(guess['x'])}  f(x) = {guess['fx']:.6f}  grad = {fmt(guess['grad'])}{tail}")
        # Plain GD: x <- x - lr*g.  Momentum: v <- beta*v + g, x <- x - lr*v (per coordinate).
        grad = guess["grad"]
        if self.options.method == "momentum":
            self.velocity = [self.options.beta * v + g for v, g in zip(self.velocity, grad)]
        else:
            self.velocity = list(grad)
        self.x = self.clip([v - lr * d for v, lr, d in zip(guess["x"], self.lr, self.velocity)])

    def result(self, guess_id):
        while True:
            guess = self.api.call("GET", f"/api/guesses/{guess_id}?wait=1")
            if guess["status"] == "ready":
                return guess

    def catch_up(self, sent=None):
        """Waits for the team's pending guess, then continues from its latest result. `sent` is the x of a guess we
        sent without hearing back: if the server stored it, it is ours."""
        state = self.api.call("GET", "/api/me")
        pending = [g for g in state["guesses"] if g["status"] == "pending"]
        if pending:
            self.result(pending[0]["id"])
            state = self.api.call("GET", "/api/me")
        fresh = [g for g in state["guesses"] if g["status"] == "ready" and g["id"] > self.last_id]
        for g in fresh:
            if self.best is None or g["fx"] < self.best[1]:
                self.best = (vector(g["x"]), g["fx"])
        if fresh:
            latest = max(fresh, key=lambda g: g["id"])
            self.learn(latest, sent is not None and vector(latest["x"]) == sent)

    def wait_for_open(self):
        """While the level is paused (or back to a draft), polls it; True when it is open again, False when it ended."""
        announced = False
        while True:
            status = self.api.call("GET", "/api/me")["level"]["status"]
            if status in ("closed", "revealed"):
                print(f"stopping: LEVEL_NOT_OPEN: the level is {status}")
                return False
            if status == "open":
                if announced:
                    print("the level is open again: carrying on")
                else:
                    # Refused although open: its time limit is running out and the server is closing it; ask again shortly.
                    time.sleep(1)
                return True
            if not announced:
                print(f"the level is {status}: waiting, checking every {self.options.poll:g} s...")
            announced = True
            time.sleep(self.options.poll)

    def play(self):
        if self.options.start is None:
            state = self.api.call("GET", "/api/me")
            if state["guesses"]:
                left = "unlimited" if state["remaining"] is None else state["remaining"]
                print(f"the team has made {len(state['guesses'])} guesses here ({left} left): continuing from its latest result")
            self.catch_up()
        while self.steps < self.options.steps:
            x = self.x
            try:
                accepted = self.api.call("POST", "/api/guesses", {"x": x[0] if self.level["dims"] == 1 else x}, once=True)
            except NetworkError as error:
                print(f"no answer to the guess ({error}): reading the team's guesses once the server answers")
                self.catch_up(sent=x)
                continue
            except ApiError as error:
                if error.code == "GUESS_PENDING":
                    print("GUESS_PENDING: a guess of your team (a teammate?) is pending: waiting for it")
                    self.catch_up()
                    continue
                if error.code == "LEVEL_NOT_OPEN":
                    if self.wait_for_open():
                        continue
                    break
                if error.code == "BUDGET_EXHAUSTED":
                    print(f"stopping: BUDGET_EXHAUSTED: {error.message}")
                    break
                raise
            self.learn(self.result(accepted["id"]), True)
        if self.steps >= self.options.steps:
            print(f"stopping: made the {self.options.steps} guesses of --steps")


def main():
    parser, options = parse_options()
    if not re.match(r"https?://", options.server):
        parser.error(f"--server needs an address like http://192.168.1.20:3000, got {options.server!r}")
    api = Client(options.server, options.retry_for)
    player, failure = None, None
    try:
        print(f"logging in as team {options.team} (the server waits on purpose, about 10 s)...")
        body = {"team": options.team, "password": options.password}
        if options.pin:
            body["pin"] = options.pin
        if options.code:
            body["code"] = options.code
        login = api.call("POST", "/api/login", body=body)
        api.token, level = login["token"], login["level"]
        code = login["team"].get("code")
        if code:
            print(f"team code: {code} (your teammates' devices and scripts need it: --code {code})")
        budget = "unlimited" if level["budget"] is None else level["budget"]
        print(f'level "{level["title"]}": {level["dims"]}-D, domain {level["domain"]}, budget {budget}, delay {level["delayMs"]} ms')
        player = Player(options, api, level)
        player.play()
    except Usage as problem:
        parser.error(str(problem))
    except ApiError as error:
        failure = (1, f"error: {explain(error, options.team)}")
    except NetworkError as error:
        failure = (1, f"error: no answer from {options.server} for {options.retry_for:g} s ({error}): is the server running, and is --server right?")
    except KeyboardInterrupt:
        failure = (130, "interrupted")
    if player and player.best:
        print(f"best x = {fmt(player.best[0])}  f = {player.best[1]:.6f}")
    if failure:
        print(failure[1], file=sys.stderr)
        return failure[0]
    return 0


if __name__ == "__main__":
    # Line by line, so a log file or a pipe shows each step as it happens.
    sys.stdout.reconfigure(line_buffering=True)
    sys.exit(main())
