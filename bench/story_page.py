"""Story page budgets (#17 item 2) on real stories, measured in Debian chromium.

For each input it renders report.html and prints its size, then opens it at 1400x900 with every
fold closed and prints the page height and each story's height (budget: 4 screens = 3,600 px),
and at 390 px wide whether anything widens the page (budget: nothing).  Screenshots of the first
screen go to --out.

Inputs are report.json files (``newsprism analyze``'s contract) or JSON-lines articles; with
``--one-story`` a JSON-lines input is analysed and all its articles forced into one story (how the
"40-article story" was built: the first 40 newscluster articles of its largest events, exported
by ``clustering_eval.py export --dataset newscluster``)::

    .venv/bin/python bench/story_page.py report.json [more.json] [--jsonl big40.jsonl --one-story]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # bench runs from a checkout, package may not be installed

from newsprism.model import Report  # noqa: E402
from newsprism.report.html import render_report_html  # noqa: E402

SCREEN = (1400, 900)
PHONE = (390, 844)
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run"]
_OVERFLOW_JS = """() => {
  const W = document.documentElement.clientWidth, out = [];
  for (const e of document.querySelectorAll('body *')) {
    const r = e.getBoundingClientRect();
    if (r.width > 0 && r.right > W + 1) {
      let p = e.parentElement, clipped = false;
      for (; p; p = p.parentElement) { if (getComputedStyle(p).overflowX !== 'visible') { clipped = true; break; } }
      if (!clipped) out.push(e.tagName + '.' + e.className + ' ' + Math.round(r.right));
    }
  }
  return [document.documentElement.scrollWidth, W, out.slice(0, 5)];
}"""


def one_story_report(jsonl: Path) -> Report:
    """Analyse a JSON-lines file and force its articles into one story."""
    from newsprism.ingest import load_paths
    from newsprism.pipeline import build_report
    from newsprism.runners.local import analyze_local

    articles, rejected = load_paths([jsonl])
    analyses, _failed = analyze_local(articles, workers=1)
    ids = [a.id for a in articles if a.id in analyses]
    return build_report(articles, analyses, rejected, grouping={ids[0]: (ids, {})})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("reports", nargs="*", type=Path, help="report.json files")
    ap.add_argument("--jsonl", type=Path, action="append", default=[], help="articles, analysed here")
    ap.add_argument("--one-story", action="store_true", help="force each --jsonl input into one story")
    ap.add_argument("--out", type=Path, default=Path("/tmp/newsprism-story-page"))
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    pages: list[tuple[str, Path]] = []
    for path in args.reports:
        t = time.perf_counter()
        html = render_report_html(Report.model_validate_json(path.read_text(encoding="utf-8")))
        name = path.parent.name or path.stem
        pages.append((name, args.out / f"{name}.html"))
        pages[-1][1].write_text(html, encoding="utf-8")
        print(f"{name}: report.html {len(html.encode()):,} bytes, rendered in {time.perf_counter() - t:.1f} s")
    for path in args.jsonl:
        report = one_story_report(path) if args.one_story else None
        if report is None:
            raise SystemExit("--jsonl needs --one-story (or analyse it with `newsprism analyze` first)")
        html = render_report_html(report)
        pages.append((path.stem, args.out / f"{path.stem}.html"))
        pages[-1][1].write_text(html, encoding="utf-8")
        print(f"{path.stem}: {len(report.articles)} articles, report.html {len(html.encode()):,} bytes")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=LAUNCH_ARGS)
        for name, html_path in pages:
            page = browser.new_page(viewport={"width": SCREEN[0], "height": SCREEN[1]})
            page.goto(html_path.as_uri())
            height = page.evaluate("document.documentElement.scrollHeight")
            stories = page.evaluate(
                "[...document.querySelectorAll('section.story')].map(e => Math.round(e.getBoundingClientRect().height))"
            )
            page.screenshot(path=str(args.out / f"{name}_1400.png"))
            page.close()
            page = browser.new_page(viewport={"width": PHONE[0], "height": PHONE[1]})
            page.goto(html_path.as_uri())
            scroll_w, client_w, wide = page.evaluate(_OVERFLOW_JS)
            page.screenshot(path=str(args.out / f"{name}_390.png"))
            page.close()
            worst = max(stories, default=0)
            print(f"{name}: page {height:,} px at 1400 ({height / SCREEN[1]:.2f} screens), largest story {worst:,} px "
                  f"({worst / SCREEN[1]:.2f} screens); at 390 px scrollWidth {scroll_w} / {client_w}"
                  f"{' OVERFLOW ' + str(wide) if scroll_w > client_w or wide else ''}")
        browser.close()


if __name__ == "__main__":
    main()
