"""HTTP throughput and latency of POST /v1/check, as a ratio to a hello-world route.

Starts `bouncer serve` (gunicorn, 2 sync workers, loopback, the settings a real
deployment uses: JSON access log, rate limiter on the shared SQLite store) with
the bench-only route GET /bench/hello enabled, then drives both routes with
wrk (32 connections) in the same run. /v1/check rotates through the committed
password mix (benchmarks/data/password-mix.txt: 70 % leaked, 20 % random,
10 % passphrases). Targets: check rate >= 0.2x hello; check p99 <= 5x its p50.

    .venv/bin/python benchmarks/http_bench.py [--duration 30] [--policy nist-800-63b] [--json]

Needs wrk (Debian: `apt-get install -y wrk`; `--install` runs that).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

HERE = Path(__file__).resolve().parent
MIX = HERE / "data" / "password-mix.txt"
CONNECTIONS = 32
THREADS = 2  # wrk threads: one per core of the target machine
TARGET_RATIO = 0.2
TARGET_TAIL = 5.0

LUA = """
local bodies = {}
for line in io.lines(os.getenv("BENCH_BODIES")) do bodies[#bodies + 1] = line end
local key = os.getenv("BENCH_KEY")
local counter = 0
-- each wrk thread starts at another place in the mix
function setup(thread) thread:set("offset", counter * 997); counter = counter + 1 end
local i = 0
request = function()
  i = i + 1
  local body = bodies[((i + (offset or 0)) % #bodies) + 1]
  return wrk.format("POST", "/v1/check",
    {["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json"}, body)
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def ensure_wrk(install: bool) -> str:
    path = shutil.which("wrk")
    if path:
        return path
    if install:
        subprocess.run(["apt-get", "install", "-y", "wrk"], check=True)
        path = shutil.which("wrk")
        if path:
            return path
    sys.exit("wrk not found: install it (Debian: apt-get install -y wrk) or pass --install")


def to_ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def run_wrk(wrk: str, url: str, duration: int, env: dict[str, str], script: Path | None) -> dict[str, float]:
    cmd = [wrk, f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{duration}s", "--latency", "--timeout", "10s"]
    if script:
        cmd += ["-s", str(script)]
    out = subprocess.run(cmd + [url], capture_output=True, text=True, env=env, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = to_ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))  # type: ignore[union-attr]
    p99 = to_ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    return {"rate": rate, "p50_ms": p50, "p99_ms": p99, "requests": total,
            "non_2xx": int(bad.group(1)) if bad else 0,
            "socket_errors": sum(int(x) for x in errors.groups()) if errors else 0}


def start(tmp: Path, policy: str) -> tuple[subprocess.Popen[bytes], str, str]:
    from bouncer.policy import load_policy
    from bouncer.web.keystore import KeyStore

    name = load_policy(policy).name  # a preset name or a policy file path
    port = free_port()
    config = tmp / "bouncer.toml"
    config.write_text(
        f'bind = "127.0.0.1:{port}"\nworkers = 2\nbench_routes = true\n'
        f'policies = ["{policy}"]\ndefault_policy = "{name}"\n'
        # Limits stay on (their cost is part of the answer) but far above the load.
        'rate_limit_per_key = "10000000/minute"\nrate_limit_per_address = "10000000/minute"\n'
    )
    key, _ = KeyStore(tmp / "data" / "keys.json").create(["check"])
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOUNCER_", "PROMETHEUS_"))}
    log = open(tmp / "server.log", "wb")  # noqa: SIM115 - lives as long as the server
    proc = subprocess.Popen([sys.executable, "-m", "bouncer", "serve", "--config", str(config),
                             "--data-dir", str(tmp / "data")], stdout=log, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{url}/readyz", timeout=1).ok:
                return proc, url, key
        except requests.ConnectionError:
            time.sleep(0.1)
    proc.kill()
    sys.exit(f"server did not start; see {tmp / 'server.log'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=30, help="seconds per route (default 30)")
    parser.add_argument("--policy", default="nist-800-63b", help="preset name or policy file")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--install", action="store_true", help="apt-get install wrk if missing")
    args = parser.parse_args()
    wrk = ensure_wrk(args.install)
    with tempfile.TemporaryDirectory(prefix="bouncer-bench-") as name:
        tmp = Path(name)
        bodies = tmp / "bodies.jsonl"
        passwords = MIX.read_text(encoding="utf-8").splitlines()
        bodies.write_text("\n".join(json.dumps({"password": p}) for p in passwords) + "\n")
        script = tmp / "check.lua"
        script.write_text(LUA)
        proc, url, key = start(tmp, args.policy)
        try:
            env = {**os.environ, "BENCH_BODIES": str(bodies), "BENCH_KEY": key}
            run_wrk(wrk, f"{url}/bench/hello", 2, env, None)  # warm-up both workers
            hello = run_wrk(wrk, f"{url}/bench/hello", args.duration, env, None)
            check = run_wrk(wrk, f"{url}/v1/check", args.duration, env, script)
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(30)
    for label, r in (("hello", hello), ("check", check)):
        if r["non_2xx"] or r["socket_errors"]:
            sys.exit(f"{label}: {r['non_2xx']} non-2xx answers, {r['socket_errors']} socket errors: "
                     "the figures would be meaningless")
    ratio = check["rate"] / hello["rate"]
    tail = check["p99_ms"] / check["p50_ms"]
    result = {"policy": args.policy, "duration_s": args.duration, "connections": CONNECTIONS,
              "hello": hello, "check": check, "rate_ratio": round(ratio, 3), "p99_over_p50": round(tail, 2),
              "ratio_ok": ratio >= TARGET_RATIO, "tail_ok": tail <= TARGET_TAIL}
    if args.json:
        print(json.dumps(result, indent=1))
        return
    print(f"wrk, {CONNECTIONS} connections, {args.duration} s per route, gunicorn 2 sync workers, "
          f"policy {args.policy}")
    print(f"{'route':<14}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'non-2xx':>10}{'sock err':>10}")
    for label, r in (("hello-world", hello), ("/v1/check", check)):
        print(f"{label:<14}{r['rate']:>10.0f}{r['p50_ms']:>10.2f}{r['p99_ms']:>10.2f}"
              f"{r['non_2xx']:>10}{r['socket_errors']:>10}")
    verdict = {True: "ok", False: "MISSED"}
    print(f"check / hello rate: {ratio:.2f}x (target >= {TARGET_RATIO}x) {verdict[bool(result['ratio_ok'])]}")
    print(f"check p99 / p50:    {tail:.2f}x (target <= {TARGET_TAIL}x) {verdict[bool(result['tail_ok'])]}")


if __name__ == "__main__":
    main()
