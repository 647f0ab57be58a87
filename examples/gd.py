#!/usr/bin/env python3
"""Plays a GD Arena level by gradient descent (or momentum) over the public HTTP API, standard library only.

    python3 examples/gd.py --server http://192.168.1.20:3000 --team 7 --password maple-river-42 \
        --method momentum --lr 0.1 --beta 0.9 --start=-4

Each step: submit x, wait for f(x) and the gradient (the server answers after the level's delay), then move
against the gradient. Stops when the budget is used, the level closes, or --steps is reached.
"""
import argparse
import json
import urllib.error
import urllib.request


class ApiError(Exception):
    def __init__(self, code, message):
        super().__init__(f"{code}: {message}")
        self.code = code


def call(server, path, token=None, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(server.rstrip("/") + path, data=data, method="GET" if body is None else "POST")
    if body is not None:
        request.add_header("content-type", "application/json")
    if token:
        request.add_header("authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=90) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        detail = json.load(error).get("error", {})
        raise ApiError(detail.get("code"), detail.get("message")) from None


def main():
    parser = argparse.ArgumentParser(description="Gradient descent against a GD Arena level")
    parser.add_argument("--server", default="http://127.0.0.1:3000")
    parser.add_argument("--team", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--pin")
    parser.add_argument("--method", choices=["gd", "momentum"], default="gd")
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument("--beta", type=float, default=0.9)
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--start", help="x, or x,y on a 2-D level")
    args = parser.parse_args()

    print(f"logging in as team {args.team} (the server waits on purpose, about 10 s)...")
    body = {"team": args.team, "password": args.password}
    if args.pin:
        body["pin"] = args.pin
    login = call(args.server, "/api/login", body=body)
    token, level = login["token"], login["level"]
    domain = level["domain"]
    print(f'level "{level["title"]}": {level["dims"]}-D, domain {domain}, budget {level["budget"]}, delay {level["delayMs"]} ms')

    def clip(point):
        return [min(hi, max(lo, v)) for v, (lo, hi) in zip(point, domain)]

    x = [float(v) for v in args.start.split(",")] if args.start else [(lo + hi) / 2 for lo, hi in domain]
    if len(x) != level["dims"]:
        raise SystemExit(f"--start needs {level['dims']} number(s)")
    x = clip(x)
    velocity = [0.0] * len(x)
    best = None
    for step in range(args.steps):
        try:
            guess = call(args.server, "/api/guesses", token, {"x": x[0] if level["dims"] == 1 else x})
        except ApiError as error:
            if error.code in ("BUDGET_EXHAUSTED", "LEVEL_NOT_OPEN"):
                print(f"stopping: {error}")
                break
            raise
        result = call(args.server, f"/api/guesses/{guess['id']}?wait=1", token)
        while result["status"] != "ready":
            result = call(args.server, f"/api/guesses/{guess['id']}?wait=1", token)
        fx, grad = result["fx"], result["grad"]
        if best is None or fx < best[1]:
            best = (list(x), fx)
        print(f"step {step:3d}  x = {', '.join(f'{v:.5f}' for v in x)}  f(x) = {fx:.6f}  grad = {', '.join(f'{g:.5f}' for g in grad)}")
        # Plain GD: x <- x - lr*g.  Momentum: v <- beta*v + g, x <- x - lr*v.
        velocity = [args.beta * v + g for v, g in zip(velocity, grad)] if args.method == "momentum" else grad
        x = clip([v - args.lr * d for v, d in zip(x, velocity)])
    if best:
        print(f"best x = {', '.join(f'{v:.5f}' for v in best[0])}  f = {best[1]:.6f}")


if __name__ == "__main__":
    main()
