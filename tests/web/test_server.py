"""The real thing: `bouncer serve` (gunicorn, 2 workers) on a free loopback port.

Checks through HTTP, metrics summed across workers, rate limits holding
across workers (Redis), hot reload on SIGHUP under load with zero failed
requests, and a broken reload keeping the old policy.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from conftest import require_service  # tests/conftest.py: pytest puts tests/ on sys.path
from prometheus_client import multiprocess as mp
from prometheus_client.parser import text_string_to_metric_families

from bouncer.web.keystore import KeyStore

from .conftest import write_policy

pytestmark = pytest.mark.slow

START_TIMEOUT_S = 30.0  # a deadline for start-up, not a performance assertion
REDIS_URL = "redis://127.0.0.1:6379/15"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Server:
    proc: subprocess.Popen[bytes]
    url: str
    data_dir: Path
    policy_dir: Path
    log_path: Path
    keys: dict[str, str]

    def headers(self, who: str = "check") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[who]}"}

    def check(self, body: dict[str, object], who: str = "check") -> requests.Response:
        return requests.post(f"{self.url}/v1/check", json=body, headers=self.headers(who), timeout=30)

    def metrics(self) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
        text = requests.get(f"{self.url}/metrics", headers=self.headers("stats"), timeout=30).text
        return {(s.name, tuple(sorted(s.labels.items()))): s.value
                for fam in text_string_to_metric_families(text) for s in fam.samples}


def start_server(tmp: Path, extra_settings: str = "", scheme: str = "http", ca: Path | None = None) -> Server:
    data_dir, policy_dir = tmp / "data", tmp / "policies"
    policy_dir.mkdir(parents=True)
    for name, minimum in (("weak", 4), ("strict", 20)):
        write_policy(policy_dir, name, minimum)
    port = free_port()
    config = tmp / "bouncer.toml"
    config.write_text(
        f'bind = "127.0.0.1:{port}"\nworkers = 2\nlog_level = "DEBUG"\ndefault_policy = "weak"\n'
        f'policies = ["{policy_dir / "weak.toml"}", "{policy_dir / "strict.toml"}"]\n' + extra_settings
    )
    store = KeyStore(data_dir / "keys.json")
    keys = {role: store.create([role])[0] for role in ("check", "stats", "admin")}
    keys["load"] = store.create(["check"])[0]
    log_path = tmp / "server.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOUNCER_", "PROMETHEUS_"))}
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "bouncer", "serve", "--config", str(config),
                                 "--data-dir", str(data_dir)], stdout=log, stderr=subprocess.STDOUT, env=env)
    server = Server(proc, f"{scheme}://127.0.0.1:{port}", data_dir, policy_dir, log_path, keys)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"serve exited {proc.returncode}: {log_path.read_text()}")
        try:
            if requests.get(f"{server.url}/readyz", timeout=1, verify=str(ca) if ca else True).ok:
                return server
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    stop_server(server)
    raise AssertionError(f"serve did not become ready: {log_path.read_text()}")


def stop_server(server: Server) -> None:
    server.proc.send_signal(signal.SIGTERM)
    try:
        server.proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.proc.kill()
        server.proc.wait()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    # Limits high enough for the load below; the limit test runs its own server.
    srv = start_server(tmp_path_factory.mktemp("serve"), 'rate_limit_per_key = "100000/minute"\n'
                                                         'rate_limit_per_address = "100000/minute"\n'
                                                         f'metrics_bind = "127.0.0.1:{free_port()}"\n')
    yield srv
    stop_server(srv)


def test_checks_over_http(server: Server) -> None:
    """A real client gets the verdict from gunicorn."""
    r = server.check({"password": "abc"})
    assert r.status_code == 200 and r.json()["violations"][0]["code"] == "too_short"
    assert r.headers["X-Request-ID"]


def test_separate_metrics_listener(server: Server) -> None:
    """metrics_bind serves /metrics without a key and nothing else; the main port still wants a key."""
    text = (server.data_dir.parent / "bouncer.toml").read_text()
    port = text.split('metrics_bind = "127.0.0.1:')[1].split('"')[0]
    side = f"http://127.0.0.1:{port}"
    r = requests.get(f"{side}/metrics", timeout=30)
    assert r.status_code == 200 and "bouncer_checks_total" in r.text
    assert requests.post(f"{side}/v1/check", json={"password": "abc"}, headers=server.headers(),
                         timeout=30).status_code == 404
    assert requests.get(f"{server.url}/metrics", timeout=30).status_code == 401


def test_metrics_are_summed_across_workers(server: Server) -> None:
    """Checks served by both workers add up in one /metrics answer."""
    before = server.metrics()[("bouncer_checks_total", (("outcome", "rejected"), ("policy", "strict")))]
    with ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(lambda _: server.check({"password": "abc", "policy": "strict"}).status_code,
                              range(60)))
    assert codes == [200] * 60
    after = server.metrics()[("bouncer_checks_total", (("outcome", "rejected"), ("policy", "strict")))]
    assert after - before == 60
    # Prove that more than one worker counted: read each worker's file on its own.
    prom = server.data_dir / "run" / "prometheus"
    per_worker = []
    for f in sorted(prom.glob("counter_*.db")):
        total = sum(s.value for m in mp.MultiProcessCollector.merge([str(f)], accumulate=True)
                    for s in m.samples
                    if s.name == "bouncer_checks_total" and s.labels.get("policy") == "strict")
        per_worker.append(total)
    assert sum(1 for v in per_worker if v > 0) >= 2, per_worker


def test_hot_reload_under_load_has_zero_failures(server: Server) -> None:
    """SIGHUP swaps the policy while clients hammer the service; every request succeeds."""
    stop = threading.Event()
    results: list[tuple[int, str]] = []
    lock = threading.Lock()

    def load() -> None:
        while not stop.is_set():
            try:
                r = requests.post(f"{server.url}/v1/check", json={"password": "abcdef"},
                                  headers=server.headers("load"), timeout=30)
                item = (r.status_code, r.json()["policy"]["version"] if r.status_code == 200 else "")
            except requests.RequestException as exc:
                item = (0, type(exc).__name__)
            with lock:
                results.append(item)

    threads = [threading.Thread(target=load) for _ in range(4)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    write_policy(server.policy_dir, "weak", 8, version="2")
    os.kill(server.proc.pid, signal.SIGHUP)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        with lock:
            recent = results[-20:]
        if len(recent) == 20 and all(v == "2" for _, v in recent):
            break
        time.sleep(0.1)
    time.sleep(0.5)
    stop.set()
    for t in threads:
        t.join()
    failures = [r for r in results if r[0] != 200]
    assert not failures, failures[:5]
    versions = [v for _, v in results]
    assert "1" in versions and versions[-1] == "2" and len(results) > 40
    assert server.check({"password": "abcdef"}).json()["accepted"] is False  # new min 8


def test_broken_reload_keeps_old_policy(server: Server) -> None:
    """A broken policy on reload (admin endpoint and SIGHUP) keeps the old one and shows in /readyz."""
    good = server.check({"password": "abcdefghij"}).json()["policy"]["version"]
    (server.policy_dir / "weak.toml").write_text('name = "weak"\n[[rules]]\ntype = "length"\nmin = "x"\n')
    r = requests.post(f"{server.url}/v1/admin/reload", headers=server.headers("admin"), timeout=30)
    assert r.status_code == 409 and r.json()["error"]["code"] == "reload_failed"
    os.kill(server.proc.pid, signal.SIGHUP)
    time.sleep(1.0)
    ready = requests.get(f"{server.url}/readyz", timeout=30).json()
    assert ready["reload_failed"] is True
    for _ in range(6):  # every worker, old or new, still answers with the good policy
        r = server.check({"password": "abcdefghij"})
        assert r.status_code == 200 and r.json()["policy"]["version"] == good
    assert "reload_failed" in server.log_path.read_text()
    write_policy(server.policy_dir, "weak", 8, version="3")
    r = requests.post(f"{server.url}/v1/admin/reload", headers=server.headers("admin"), timeout=30)
    assert r.status_code == 202
    deadline = time.monotonic() + START_TIMEOUT_S
    while (time.monotonic() < deadline
           and server.check({"password": "abcdefghij"}).json()["policy"]["version"] != "3"):
        time.sleep(0.1)
    assert requests.get(f"{server.url}/readyz", timeout=30).json()["reload_failed"] is False


def test_rate_limits_hold_across_workers(tmp_path: Path) -> None:
    """With Redis, a 30/minute key limit allows exactly 30 of 50 requests spread over both workers."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        require_service(f"Redis not reachable at {REDIS_URL}")
    srv = start_server(tmp_path, f'rate_limit_storage = "{REDIS_URL}"\nrate_limit_per_key = "30/minute"\n'
                                 'rate_limit_per_address = "100000/minute"\n')
    try:
        with ThreadPoolExecutor(8) as pool:
            codes = list(pool.map(lambda _: srv.check({"password": "abc"}).status_code, range(50)))
    finally:
        stop_server(srv)
    assert codes.count(200) == 30 and codes.count(429) == 20


def test_no_canary_in_server_logs_metrics_or_files(server: Server) -> None:
    """Through gunicorn at DEBUG: the canaries reach no log line, metric or file in the data directory."""
    import random

    from .test_leak_canary import find_leaks, make_canary

    rng = random.Random()
    pw, prev = make_canary(rng), make_canary(rng)
    body = {"password": pw, "context": {"previous_password": prev}}
    raw = json.dumps(body, ensure_ascii=False)
    url = f"{server.url}/v1/check"
    json_type = {**server.headers(), "Content-Type": "application/json"}
    responses = [
        requests.post(url, json=body, headers=server.headers(), timeout=30),
        requests.post(url, json={**body, "preview": True}, headers=server.headers(), timeout=30),
        requests.post(url, json={**body, "policy": pw}, headers=server.headers(), timeout=30),
        requests.post(url, json={pw: prev}, headers=server.headers(), timeout=30),
        requests.post(url, data=raw[:-2], headers=json_type, timeout=30),
        requests.post(url, data=raw.replace(pw, pw[:4] + "\\udc00" + pw[4:]), headers=json_type, timeout=30),
        requests.post(url, data=json.dumps({"password": pw * 9000}), headers=json_type, timeout=30),
        requests.post(url, json=body, headers={"Authorization": b"Bearer " + pw.encode()}, timeout=30),
        requests.get(f"{server.url}/v1/policies/{pw}", headers=server.headers(), timeout=30),
    ]
    assert [r.status_code for r in responses] == [200, 200, 404, 400, 400, 400, 413, 401, 404]
    # Malformed HTTP carrying the canary: gunicorn's own error page and log line.
    port = int(server.url.rsplit(":", 1)[1])
    raw_replies = []
    for line in (b"GET /" + pw.encode() + b" HTTP/1.1 junk\r\n\r\n",
                 b"GET / HTTP/1.1\r\nX-" + prev.encode() + b" broken header\r\n\r\n"):
        with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
            conn.sendall(line)
            raw_replies.append(conn.recv(65536))
    assert all(reply.startswith(b"HTTP/1.1 400") for reply in raw_replies), raw_replies
    haystacks = {f"raw reply {i}": reply for i, reply in enumerate(raw_replies)}
    haystacks |= {f"response {i}": r.content + repr(dict(r.headers)).encode()
                  for i, r in enumerate(responses)}
    haystacks["metrics"] = requests.get(f"{server.url}/metrics", headers=server.headers("stats"),
                                        timeout=30).content
    time.sleep(0.2)  # let the workers flush their log lines
    haystacks["server log"] = server.log_path.read_bytes()
    assert b'"level": "DEBUG"' in haystacks["server log"] or b"request" in haystacks["server log"]
    for path in server.data_dir.rglob("*"):
        if path.is_file():
            haystacks[str(path)] = path.read_bytes()
    assert find_leaks(haystacks, [pw, prev]) == []


def test_tls(tmp_path: Path) -> None:
    """With --tls-cert/--tls-key (settings tls_cert/tls_key) gunicorn serves HTTPS."""
    import shutil

    if not shutil.which("openssl"):
        pytest.skip("openssl not installed (needed to make a test certificate)")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key),
                    "-out", str(cert)], check=True, capture_output=True)
    srv = start_server(tmp_path, f'tls_cert = "{cert}"\ntls_key = "{key}"\n', scheme="https", ca=cert)
    try:
        r = requests.post(f"{srv.url}/v1/check", json={"password": "abc"}, headers=srv.headers(),
                          timeout=30, verify=str(cert))
        assert r.status_code == 200 and srv.url.startswith("https://")
    finally:
        stop_server(srv)


@pytest.mark.parametrize(("status", "reason", "code"), [
    (400, "Bad Request", "bad_request"),
    (414, "URI Too Long", "uri_too_long"),
    (431, "Request Header Fields Too Large", "headers_too_large"),
    (500, "Internal Server Error", "internal_error"),
])
def test_malformed_http_answers_are_json_without_detail(status: int, reason: str, code: str) -> None:
    """gunicorn's own error pages (malformed HTTP) are JSON `{error: {code, message}}`, detail withheld."""
    from gunicorn import util as gunicorn_util  # type: ignore[import-untyped]

    import bouncer.web.server  # noqa: F401  (installs the replacement writer)

    ours, theirs = socket.socketpair()
    with ours, theirs:
        gunicorn_util.write_error(ours, status, reason, "Invalid request line 'GET /hunter2-canary'")
        ours.shutdown(socket.SHUT_WR)
        raw = b""
        while chunk := theirs.recv(65536):
            raw += chunk
    head, _, body = raw.partition(b"\r\n\r\n")
    assert head.startswith(f"HTTP/1.1 {status} ".encode())
    assert b"Content-Type: application/json" in head
    assert f"Content-Length: {len(body)}".encode() in head
    assert json.loads(body) == {"error": {"code": code, "message": reason + "."}}
    assert b"hunter2" not in raw
