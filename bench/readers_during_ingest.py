"""Readers during an ingest: 8 concurrent readers of `newsprism serve` while `newsprism ingest` writes.

Builds a corpus from the bundled example, starts the web app on 127.0.0.1 (a subprocess), starts an
ingest of a batch of articles recombined from the example's paragraphs (the same generator as
bench/ingest_faults.py), and lets READERS threads fetch pages in a loop until the ingest ends (bounded:
at most --max-s seconds).  Prints the latency of every answer (max, p50, p95) and the status codes,
during the ingest and, as a reference, for the same load with no ingest.

    .venv/bin/python bench/readers_during_ingest.py [--articles 24] [--readers 8]
    PYTHONPATH=../main/src .venv/bin/python bench/readers_during_ingest.py   # another checkout's code

The paths fetched exist in every version of the app (story list, search, speakers, JSON list).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest_faults import EXAMPLES, write_batch  # noqa: E402

NEWSPRISM = [sys.executable, "-m", "newsprism.cli"]
PATHS = ["/", "/api/stories", "/search?q=Putin", "/speakers"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[float, int]:
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=60) as r:
            r.read()
            status = r.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except OSError:
        status = -1
    return time.perf_counter() - t0, status


def load(base: str, readers: int, until: callable, max_s: float) -> list[tuple[float, int]]:
    results: list[tuple[float, int]] = []
    lock = threading.Lock()
    deadline = time.monotonic() + max_s

    def reader(k: int) -> None:
        i = k
        while not until() and time.monotonic() < deadline:
            res = fetch(base + PATHS[i % len(PATHS)])
            with lock:
                results.append(res)
            i += 1

    threads = [threading.Thread(target=reader, args=(k,)) for k in range(readers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def summary(label: str, results: list[tuple[float, int]]) -> None:
    lat = sorted(t for t, _ in results)
    codes: dict[int, int] = {}
    for _, c in results:
        codes[c] = codes.get(c, 0) + 1
    if not lat:
        print(f"{label}: no answers")
        return
    p95 = lat[min(len(lat) - 1, int(0.95 * len(lat)))]
    print(f"{label}: {len(lat)} answers, max {max(lat):.2f} s, p50 {statistics.median(lat):.3f} s, "
          f"p95 {p95:.3f} s, status {dict(sorted(codes.items()))}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=24)
    ap.add_argument("--readers", type=int, default=8)
    ap.add_argument("--max-s", type=float, default=300)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="np-readers-"))
    try:
        db = tmp / "c.duckdb"
        subprocess.run([*NEWSPRISM, "ingest", str(EXAMPLES), "--db", str(db), "-q", "-j", "1"], check=True)
        write_batch(tmp / "batch", args.articles)
        port = free_port()
        server = subprocess.Popen([*NEWSPRISM, "serve", "--db", str(db), "--port", str(port)],
                                  stderr=subprocess.DEVNULL, start_new_session=True)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(200):
                if fetch(base + "/api/stories")[1] == 200:
                    break
                time.sleep(0.1)
            quiet_end = time.monotonic() + 10
            summary("no ingest (10 s)", load(base, args.readers, lambda: time.monotonic() > quiet_end, 10))
            t0 = time.monotonic()
            ing = subprocess.Popen([*NEWSPRISM, "ingest", str(tmp / "batch"), "--db", str(db), "-q", "-j", "1"],
                                   stderr=subprocess.DEVNULL, env=dict(os.environ), start_new_session=True)
            results = load(base, args.readers, lambda: ing.poll() is not None, args.max_s)
            ing.wait()
            summary(f"during ingest ({time.monotonic() - t0:.0f} s, exit {ing.returncode})", results)
        finally:
            server.terminate()
            server.wait(timeout=30)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
