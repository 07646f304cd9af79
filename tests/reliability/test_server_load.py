"""A bounded load test of a real server: `dragoman serve` on 127.0.0.1 in its own process,
200 concurrent requests mixing reads and coding, every one answered without a 5xx.
Run with ``pytest -s`` to see the latency figures."""

from __future__ import annotations

import asyncio
import itertools
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the server extra is not installed: pip install '.[server]'")
import httpx

from tests.server.articles import SHORT_ARTICLES, build_store, seed_article

HOST = "127.0.0.1"
REQUESTS = 200
CONCURRENCY = 50
START_TIMEOUT = 90.0
RUN_TIMEOUT = 120.0
"""Seconds for the whole burst; each request also has its own timeout."""

READS = (
    ("GET", "/api/events", {"dyad": "IRQ-QAT", "limit": 20}),
    ("GET", "/api/events", {"since": "2021-01-01", "until": "2021-12-31", "root": "04"}),
    ("GET", "/api/events", {"q": "Qatar", "plover": "consult"}),
    ("GET", "/api/events", {"actor": "SAU", "offset": 1}),
    ("GET", "/api/network", {}),
    ("GET", "/api/network", {"level": "actor", "country": "QAT"}),
    ("GET", "/api/stats", {}),
    ("GET", "/api/articles", {"limit": 10}),
)
ARTICLES = (
    "Saudi Arabia imposed sanctions on Qatar on Monday.",
    "Qatar pledged aid to Iraq.",
    "Egypt condemned Qatar for supporting militants.",
    "Iraqi Prime Minister Mustafa al-Kadhimi visited Doha on Tuesday.",
)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _requests() -> list[tuple[str, str, dict[str, Any]]]:
    """Four reads to one coding request, 200 in all."""
    reads = itertools.cycle(READS)
    texts = itertools.cycle(ARTICLES)
    plan = []
    for n in range(REQUESTS):
        if n % 5 == 4:
            plan.append(("POST", "/api/code", {"text": next(texts), "date": "2021-10-25"}))
        else:
            plan.append(next(reads))
    return plan


def _wait_until_up(base: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    with httpx.Client(base_url=base, trust_env=False, timeout=5) as client:
        while time.monotonic() < deadline:
            if server.poll() is not None:
                pytest.fail(f"the server exited with {server.returncode}:\n{log.read_text()}")
            try:
                if client.get("/api/stats").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
    pytest.fail(f"the server did not answer within {START_TIMEOUT:.0f} s:\n{log.read_text()}")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, pipeline, seed_text) -> Iterator[str]:
    """`dragoman serve` over a store coded like tests/server's; stopped whatever happens."""
    folder = tmp_path_factory.mktemp("load")
    db = build_store(folder / "events.db", pipeline, [seed_article(seed_text), *SHORT_ARTICLES])
    port = _free_port()
    base = f"http://{HOST}:{port}"
    log = folder / "server.log"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("DRAGOMAN_TOKEN", None)
    command = [sys.executable, "-m", "dragoman", "serve", "--db", str(db)]
    with log.open("wb") as output:
        process = subprocess.Popen(
            [*command, "--host", HOST, "--port", str(port)],
            stdout=output,
            stderr=subprocess.STDOUT,
            env=env,
        )
    try:
        _wait_until_up(base, process, log)
        with httpx.Client(base_url=base, trust_env=False, timeout=60) as client:
            warm = client.post("/api/code", json={"text": ARTICLES[0]})  # the model is loaded
            assert warm.status_code == 200, warm.text
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


async def _burst(base: str, plan: list[tuple[str, str, dict[str, Any]]]) -> list[Any]:
    """Send ``plan`` with at most CONCURRENCY in flight: (status or error, seconds) each."""
    gate = asyncio.Semaphore(CONCURRENCY)
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)

    async def one(client: httpx.AsyncClient, method: str, path: str, data: dict[str, Any]):
        async with gate:
            started = time.perf_counter()
            try:
                if method == "GET":
                    response = await client.get(path, params=data)
                else:
                    response = await client.post(path, json=data)
            except httpx.HTTPError as error:
                return f"{type(error).__name__}: {error}", time.perf_counter() - started
            return response.status_code, time.perf_counter() - started

    async with httpx.AsyncClient(
        base_url=base, trust_env=False, timeout=60, limits=limits
    ) as client:
        tasks = [one(client, method, path, data) for method, path, data in plan]
        return await asyncio.wait_for(asyncio.gather(*tasks), timeout=RUN_TIMEOUT)


def test_200_concurrent_requests_are_all_answered_without_a_5xx(server):
    assert server.startswith(f"http://{HOST}:")  # loopback only
    plan = _requests()
    started = time.perf_counter()
    results = asyncio.run(_burst(server, plan))
    elapsed = time.perf_counter() - started

    assert len(results) == REQUESTS
    failures = [
        (method, path, status)
        for (method, path, _), (status, _) in zip(plan, results, strict=True)
        if not isinstance(status, int) or status >= 500
    ]
    assert not failures, failures[:10]
    assert {status for status, _ in results} == {200}

    def report(label: str, seconds: list[float]) -> str:
        cuts = statistics.quantiles(seconds, n=100, method="inclusive")
        return (
            f"{label}: n={len(seconds)} p50={cuts[49] * 1000:.1f} ms "
            f"p95={cuts[94] * 1000:.1f} ms max={max(seconds) * 1000:.1f} ms"
        )

    latencies = [seconds for _, seconds in results]
    print(f"\nload: {REQUESTS} requests, {CONCURRENCY} at a time, {elapsed:.2f} s wall")
    print(f"  {REQUESTS / elapsed:.0f} requests/s")
    print("  " + report("all", latencies))
    for method in ("GET", "POST"):
        picked = [s for (m, _, _), (_, s) in zip(plan, results, strict=True) if m == method]
        print("  " + report(method, picked))
    assert elapsed < RUN_TIMEOUT
