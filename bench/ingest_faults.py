"""Kill `newsprism ingest` at several moments and check what it leaves; then check determinism.

Prints, for each kill point: what was stored at the kill, whether the corpus was consistent (every
article with its analysis, no assignment without an article, no id twice), how many processes of
the killed ingest were still alive 5 s later (its pool workers and multiprocessing's resource
tracker), and whether `ingest` run again completed to exactly the stories of an uninterrupted run.
Then two clean ingests of the same input, with different hash seeds, must give identical corpora.

    .venv/bin/python bench/ingest_faults.py [--articles 48] [--at 0.05 0.15 0.3 0.5 0.7 0.85 0.95]
    .venv/bin/python bench/ingest_faults.py --input allsides.jsonl   # any input ingest reads

Kill points are fractions of the uninterrupted ingest's wall time (model loading, reading,
analysis, storing, grouping).  Needs nothing from ../shared: by default the batch is recombined
from the bundled example's paragraphs, plus inputs that must be rejected (empty, invalid JSON,
binary), so that rejections are written too; ``--input`` takes a real collection instead (e.g.
``clustering_eval.py export --dataset allsides --no-label``).  Exits 1 if any check fails.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "xi-putin"
NEWSPRISM = [sys.executable, "-m", "newsprism.cli"]


def write_batch(folder: Path, n: int) -> None:
    """n distinct articles of two events (recombined real paragraphs, renamed places) + bad inputs."""
    paras: list[str] = []
    for path in sorted(EXAMPLES.glob("*.txt")):
        paras += [p.strip() for p in path.read_text(encoding="utf-8").split("\n") if len(p.split()) > 12]
    folder.mkdir(parents=True)
    for i in range(n):
        body = "\n\n".join(paras[(i * 3 + k) % len(paras)] for k in range(3 + i % 4))
        if i % 2:
            body = body.replace("Moscow", "Beijing").replace("Kremlin", "Great Hall")
        (folder / f"a{i:03d}.txt").write_text(
            f"Report {i} from the summit desk {i % 7}.\n\n{body}\n\nFiled by desk {i} at {i % 24}:00.\n",
            encoding="utf-8",
        )
    (folder / "empty.txt").write_text("")
    (folder / "bad.jsonl").write_text('{"text": \n')
    (folder / "blob.bin").write_bytes(bytes(range(256)) * 8)


def ingest(batch: Path, db: Path, seed: str = "0") -> subprocess.Popen:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    cmd = [*NEWSPRISM, "ingest", str(batch), "--db", str(db), "-j", "2", "-q"]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, start_new_session=True)


def descendants(pid: int) -> set[int]:
    """Every live descendant of ``pid`` (Linux /proc)."""
    out: set[int] = set()
    todo = [pid]
    while todo:
        p = todo.pop()
        for task in Path(f"/proc/{p}/task").glob("*") if Path(f"/proc/{p}/task").exists() else []:
            try:
                kids = [int(k) for k in (task / "children").read_text().split()]
            except OSError:
                continue
            for k in kids:
                if k not in out:
                    out.add(k)
                    todo.append(k)
    return out


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def snapshot(db: Path) -> dict:
    """What the corpus holds, and whether it is consistent."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        one = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        if "articles" not in tables:
            return {"articles": 0, "analyses": 0, "assigned": 0, "rejections": 0, "ok": True, "stories": frozenset()}
        orphans = one("SELECT count(*) FROM articles a LEFT JOIN analyses n ON n.article_id = a.id WHERE n.article_id IS NULL")
        dangling = one("SELECT count(*) FROM assignments s LEFT JOIN articles a ON a.id = s.article_id WHERE a.id IS NULL")
        dup = one("SELECT count(*) - count(DISTINCT id) FROM articles") + one(
            "SELECT count(*) - count(DISTINCT article_id) FROM assignments")
        rows = con.execute("SELECT story_id, list(article_id ORDER BY article_id) FROM assignments GROUP BY story_id").fetchall()
        return {
            "articles": one("SELECT count(*) FROM articles"),
            "analyses": one("SELECT count(*) FROM analyses"),
            "assigned": one("SELECT count(*) FROM assignments"),
            "rejections": one("SELECT count(*) FROM rejections"),
            "ok": orphans == 0 and dangling == 0 and dup == 0,
            "stories": frozenset((sid, tuple(ids)) for sid, ids in rows),
        }
    finally:
        con.close()


def run_to_end(batch: Path, db: Path, seed: str = "0") -> float:
    t = time.perf_counter()
    proc = ingest(batch, db, seed)
    _, err = proc.communicate(timeout=1800)
    if proc.returncode != 0:
        raise SystemExit(f"ingest failed ({proc.returncode}): {err.decode(errors='replace')[-500:]}")
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=48)
    ap.add_argument("--at", type=float, nargs="+", default=[0.05, 0.15, 0.3, 0.5, 0.7, 0.85, 0.95],
                    help="kill points, as fractions of the uninterrupted run's time")
    ap.add_argument("--input", type=Path, help="ingest this file or folder instead of the generated batch")
    args = ap.parse_args()
    failures = 0
    with tempfile.TemporaryDirectory(prefix="np-faults-") as tmp:
        tmp_path = Path(tmp)
        batch = args.input.resolve() if args.input else tmp_path / "batch"
        if not args.input:
            write_batch(batch, args.articles)
        ref_db = tmp_path / "ref.duckdb"
        secs = run_to_end(batch, ref_db, seed="1")
        ref = snapshot(ref_db)
        print(f"uninterrupted ingest: {secs:.1f} s, {ref['articles']} articles, {len(ref['stories'])} stories, "
              f"{ref['rejections']} rejections")

        # determinism: same input, another hash seed, another run
        again_db = tmp_path / "again.duckdb"
        run_to_end(batch, again_db, seed="2")
        same = snapshot(again_db)["stories"] == ref["stories"]
        failures += not same
        print(f"determinism: second clean ingest (PYTHONHASHSEED 2 vs 1) gives identical stories: {same}")

        print(f"{'kill at':>8} {'stored':>7} {'assigned':>9} {'consistent':>11} {'left alive':>11} "
              f"{'resumed = uninterrupted':>24} {'rejections':>11}")
        for frac in args.at:
            at = frac * secs
            db = tmp_path / f"kill-{frac}.duckdb"
            proc = ingest(batch, db)
            deadline = time.monotonic() + at
            kids: set[int] = set()
            while time.monotonic() < deadline and proc.poll() is None:
                kids |= descendants(proc.pid)
                time.sleep(0.05)
            finished = proc.poll() is not None
            kids |= descendants(proc.pid)
            if not finished:
                os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            time.sleep(5.0)
            left = sorted(p for p in kids if alive(p))
            for p in left:  # do not leave them for the next point
                os.kill(p, signal.SIGKILL)
            state = snapshot(db) if db.exists() else {"articles": 0, "assigned": 0, "ok": True}
            run_to_end(batch, db)
            final = snapshot(db)
            resumed = final["stories"] == ref["stories"]
            rej_ok = final["rejections"] == ref["rejections"]
            failures += (not state["ok"]) + bool(left) + (not resumed) + (not rej_ok)
            note = " (had finished)" if finished else ""
            print(f"{at:>7.1f}s {state['articles']:>7} {state['assigned']:>9} {state['ok']!s:>11} {len(left):>11} "
                  f"{resumed!s:>24} {final['rejections']:>6} ({'ok' if rej_ok else 'x'}){note}")
    print("all checks passed" if not failures else f"{failures} check(s) failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
