"""Speed: the local runner vs the Spark job (local[N]) on the same WARC, and WARC reading alone.

The WARC is built in a temporary directory from the 181 real news pages of the Scrapinghub
extraction benchmark (``/work/shared/eval/extraction``), each stored as an HTTP response with
its original URL, plus one image record per page (a crawl is mostly not articles).
``--copies K`` writes each page K times under distinct URLs with a per-copy sentence added, so
the articles stay distinct (not de-duplicated) and NLP dominates the run.

Reported, in one run:
* WARC reading + HTML extraction alone (``iter_warc``): records/s and articles/s on one core;
* local path: ``load_paths(workers=N)`` (WARC spans read in parallel, as Spark does) +
  ``analyze_local(workers=N)`` + ``group_batch``: articles/s/core;
* Spark path: ``run_spark_job`` on local[N] (session start excluded, reported apart): articles/s/core.

    .venv/bin/python bench/spark_vs_local.py [--cores 2] [--copies 2] [--eval-dir DIR] [--stages]

Skips with a message when the shared eval directory, Java or pyspark is absent.  Heavy: run it
alone on a shared machine.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import io
import json
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsprism.ingest import load_paths
from newsprism.ingest.warc import WarcStats, iter_warc
from newsprism.pipeline import story_item
from newsprism.runners.local import analyze_local
from newsprism.stories.blocking import group_batch

DEFAULT_EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"


_PARA = re.compile(rb"<p[\s>].*?</p>", re.IGNORECASE | re.DOTALL)


def add_sentence(html: bytes, sentence: str) -> bytes:
    """``sentence`` inside the longest <p> (where extractors find the article), else before </body>."""
    paras = list(_PARA.finditer(html))
    if not paras:
        return html.replace(b"</body>", f"<p>{sentence}</p>".encode() + b"</body>", 1)
    end = max(paras, key=lambda m: m.end() - m.start()).end() - len(b"</p>")
    return html[:end] + sentence.encode() + html[end:]


def build_warc(eval_dir: Path, out: Path, copies: int) -> int:
    """The benchmark WARC; returns the number of HTML pages written."""
    truth = json.loads((eval_dir / "extraction" / "ground-truth.json").read_text())
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    n = 0
    html_type = [("Content-Type", "text/html; charset=utf-8")]
    for key, meta in sorted(truth.items()):
        html = gzip.decompress((eval_dir / "extraction" / "html" / f"{key}.html.gz").read_bytes())
        for c in range(copies):
            body = html
            if c:  # a distinct article: one sentence added to the page's longest paragraph (its main text),
                # unique per page and copy (a line shared by >= 3 articles of an outlet is boilerplate)
                body = add_sentence(html, f" Update {c} to report {key}: revised with details from local officials.")
            url = meta.get("url") or f"https://www.example{n}.example/{key}"
            http = StatusAndHeaders("200 OK", html_type, protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"{url}?v={c}", "response", payload=io.BytesIO(body),
                                                          http_headers=http))
            img = StatusAndHeaders("200 OK", [("Content-Type", "image/jpeg")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"{url}/lead.jpg?v={c}", "response",
                                                          payload=io.BytesIO(b"\xff\xd8\xff" + bytes(20_000)),
                                                          http_headers=img))
            n += 1
    out.write_bytes(buf.getvalue())
    return n


def print_stages(event_dir: Path) -> None:
    """Per stage, from Spark's event log: wall time, tasks, summed task run time and JVM CPU/GC time.

    Task run time includes the Python worker's time (the JVM task waits on it); JVM CPU is the
    task thread's own CPU (serialisation, shuffle I/O), so run - CPU is mostly Python work.
    """
    stages: dict[int, dict] = {}
    for log in event_dir.rglob("events_*"):  # rolling event log (Spark 4): events_N_<app> files
        for line in log.read_text().splitlines():
            ev = json.loads(line)
            kind = ev.get("Event")
            if kind == "SparkListenerStageCompleted":
                info = ev["Stage Info"]
                st = stages.setdefault(info["Stage ID"], {"run": 0, "cpu": 0, "gc": 0})
                st.update(name=info["Stage Name"].split(" at ")[0], tasks=info["Number of Tasks"],
                          wall=(info.get("Completion Time", 0) - info.get("Submission Time", 0)) / 1000)
            elif kind == "SparkListenerTaskEnd" and ev.get("Task Metrics"):
                m = ev["Task Metrics"]
                st = stages.setdefault(ev["Stage ID"], {"run": 0, "cpu": 0, "gc": 0})
                st["run"] += m.get("Executor Run Time", 0) / 1000
                st["cpu"] += m.get("Executor CPU Time", 0) / 1e9
                st["gc"] += m.get("JVM GC Time", 0) / 1000
    print(f"{'stage':>5} {'name':<22} {'tasks':>5} {'wall s':>7} {'task run s':>10} {'JVM CPU s':>9} {'GC s':>5}")
    for sid in sorted(stages):
        st = stages[sid]
        print(f"{sid:>5} {st.get('name', '?')[:22]:<22} {st.get('tasks', 0):>5} {st.get('wall', 0):>7.1f} "
              f"{st['run']:>10.1f} {st['cpu']:>9.1f} {st['gc']:>5.1f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL)
    ap.add_argument("--cores", type=int, default=2)
    ap.add_argument("--copies", type=int, default=2)
    ap.add_argument("--skip-spark", action="store_true")
    ap.add_argument("--stages", action="store_true", help="print Spark's own per-stage wall and task times")
    args = ap.parse_args(argv)
    if not (args.eval_dir / "extraction" / "ground-truth.json").exists():
        print(f"skip: no extraction eval data under {args.eval_dir}")
        return 0
    tmp = Path(tempfile.mkdtemp(prefix="newsprism-bench-"))
    try:
        warc = tmp / "CC-NEWS-bench.warc.gz"
        pages = build_warc(args.eval_dir, warc, args.copies)
        print(f"WARC: {pages} HTML pages + {pages} images, {warc.stat().st_size / 1e6:.1f} MB gzipped")

        t = time.perf_counter()
        stats = WarcStats()
        n_art = sum(1 for _ in iter_warc(warc, stats) if not hasattr(_, "reason"))
        dt = time.perf_counter() - t
        print(f"WARC read+extract (1 core): {stats.records} records in {dt:.1f} s = {stats.records / dt:.1f} records/s, "
              f"{n_art / dt:.1f} articles/s")

        t = time.perf_counter()
        articles, _rej = load_paths([warc], workers=args.cores)
        read_s = time.perf_counter() - t
        analyses, _failed = analyze_local(articles, workers=args.cores)
        grouping = group_batch([story_item(a, analyses[a.id]) for a in articles if a.id in analyses])
        local_s = time.perf_counter() - t
        rate = len(analyses) / local_s
        print(f"local runner ({args.cores} workers): {len(analyses)} articles, {len(set(grouping.story_of.values()))} "
              f"stories in {local_s:.1f} s = {rate:.2f} articles/s = {rate / args.cores:.2f} articles/s/core; "
              f"of which read+extract+clean {read_s:.1f} s = {stats.records / read_s:.1f} records/s on {args.cores} cores")

        if args.skip_spark:
            return 0
        if shutil.which("java") is None or importlib.util.find_spec("pyspark") is None:
            print("skip spark: needs Java (openjdk-17-jre-headless) and pyspark")
            return 0
        from newsprism.runners.spark import run_spark_job, spark_session

        t = time.perf_counter()
        conf = {"spark.eventLog.enabled": "true", "spark.eventLog.dir": str(tmp / "events"),
                "spark.eventLog.compress": "false"} if args.stages else {}
        (tmp / "events").mkdir()
        spark = spark_session(f"local[{args.cores}]", conf=conf)
        start_s = time.perf_counter() - t
        try:
            t = time.perf_counter()
            result = run_spark_job([warc], tmp / "out", spark=spark)
            spark_s = time.perf_counter() - t
        finally:
            spark.stop()
        srate = result.articles / spark_s
        print(f"spark local[{args.cores}] (session start {start_s:.1f} s, excluded): {result.articles} articles, "
              f"{result.stories} stories in {spark_s:.1f} s = {srate:.2f} articles/s = "
              f"{srate / args.cores:.2f} articles/s/core; model loads: {result.model_loads}; "
              + ", ".join(f"{k} {v:.1f} s" for k, v in result.seconds.items()))
        print(f"spark/local time per article: {spark_s / local_s * len(analyses) / max(result.articles, 1):.2f}x "
              f"(target <= 1.3x)")
        if args.stages:
            print_stages(tmp / "events")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
