"""Worker-process hygiene shared by every process pool (ingest readers, analysis workers).

Why: a pool's workers block waiting for work from their parent.  When the parent dies without
shutting the pool down (``kill -9``, the OOM killer), nothing tells them, so they lived on, each
holding its loaded models (~0.7 GB), and with them multiprocessing's resource tracker, whose pipe
they keep open.  A watchdog thread in each worker ends it once its parent is gone.
"""

from __future__ import annotations

import os
import threading
import time

# How often a worker checks that its parent is alive: a check is one getppid() call.
PARENT_POLL_S = 0.5


def _watch_parent(parent: int) -> None:
    while True:
        time.sleep(PARENT_POLL_S)
        if os.getppid() != parent:  # re-parented: the process that started us has died
            os._exit(1)


def exit_with_parent(parent: int | None = None) -> None:
    """Pool ``initializer``: end this worker (and so free its memory) when its parent dies.

    Pass the parent's pid (``initargs=(os.getpid(),)``): a spawned worker runs its initializer
    only after importing the pool's modules (seconds, for spaCy), and a parent killed meanwhile
    has already left it re-parented, so ``getppid()`` then would name the wrong process.
    """
    if parent is None:
        parent = os.getppid()
    elif os.getppid() != parent:
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), name="newsprism-parent-watch", daemon=True).start()
