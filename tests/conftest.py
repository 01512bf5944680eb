"""Fixtures shared by several test modules: a real headless browser and a live server.

The browser is Debian's chromium driven by the ``playwright`` package (never a
browser playwright downloads); tests that use it skip, saying why, where
either is missing.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags chromium keeps dialling hosts this
# closed network refuses; --no-sandbox because CI runs as root.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium not installed at /usr/bin/chromium (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield b
        finally:
            b.close()


@contextmanager
def _serve(app: Any) -> Iterator[tuple[str, int]]:
    """Run an ASGI app under uvicorn in a thread on a free loopback port."""
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline:
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield "127.0.0.1", port
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server() -> Callable[[Any], Any]:
    """``with live_server(app) as (host, port): ...``"""
    return _serve


@pytest.fixture(scope="session")
def nlp():
    """The one spaCy pipeline (``load_nlp`` caches it; one fixture so no module loads its own)."""
    from newsprism.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def embedder():
    """The packaged sentence-embedding model (``load_embedder`` caches it per process)."""
    from newsprism.nlp import load_embedder

    return load_embedder()
