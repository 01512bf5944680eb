"""WARC files: HTML responses become Articles; images are skipped and counted; broken records rejected."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsprism.ingest import load_paths
from newsprism.ingest.warc import WarcStats, iter_warc, warc_splits
from newsprism.model import Article, Rejection

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Flood barrier tested ahead of winter storms</title>
<meta property="og:title" content="Flood barrier tested ahead of winter storms">
{date_meta}
</head><body><header><a href="/">Riverside Courier</a></header>
<article><h1>Flood barrier tested ahead of winter storms</h1>
<p>Engineers closed the river's new flood barrier for the first time on Saturday, sealing the estuary for
four hours while crews checked the gates and pumps.</p>
<p>"The test went exactly as planned," project manager Priya Nair said, adding that the barrier could
protect about 12,000 homes from a storm surge of up to three metres.</p>
<p>The barrier cost 310 million pounds and took six years to build. It will be closed again in
December for a second test before the storm season peaks in January.</p>
</article><footer>Contact us</footer></body></html>
"""


def _warc(records: list[tuple[str, str, bytes]], gz: bool) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "test-crawler/1.0"}))
    for uri, content_type, body in records:
        http = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        rec = writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http,
                                        warc_headers_dict={"WARC-Date": "2024-11-02T08:15:00Z"})
        writer.write_record(rec)
    return buf.getvalue()


@pytest.mark.parametrize("gz", [False, True])
def test_html_image_and_truncated_records(tmp_path: Path, gz: bool) -> None:
    good = PAGE.format(date_meta='<meta property="article:published_time" content="2024-11-01">')
    no_date = PAGE.format(date_meta="").replace("Saturday", "Sunday")
    data = _warc(
        [
            ("https://www.riversidecourier.example/news/flood-barrier", "text/html; charset=utf-8",
             good.encode()),
            ("https://www.riversidecourier.example/img/barrier.jpg", "image/jpeg", b"\xff\xd8\xff" + bytes(500)),
            ("https://www.riversidecourier.example/news/flood-barrier-2", "text/html", no_date.encode()),
        ],
        gz,
    )
    whole = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    whole.write_bytes(data)
    stats = WarcStats()
    items = list(iter_warc(whole, stats))
    assert [type(i) for i in items] == [Article, Article]
    first, second = items
    assert first.url == "https://www.riversidecourier.example/news/flood-barrier"
    assert first.published == "2024-11-01"  # from the page
    assert first.title == "Flood barrier tested ahead of winter storms"
    assert first.text.startswith("Engineers closed the river's new flood barrier")
    assert first.source_path.startswith(f"{whole}#") and int(first.source_path.rsplit("#", 1)[1]) > 0
    assert first.outlet == "riversidecourier.example"
    assert second.published == "2024-11-02T08:15:00Z"  # the page names no date: crawl date
    assert stats.records == 4 and stats.html_responses == 2 and stats.articles == 2
    assert stats.skipped == {"non-HTML response (image/jpeg)": 1, "warcinfo record": 1}

    cut = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    cut.write_bytes(data[:-150])
    stats = WarcStats()
    items = list(iter_warc(cut, stats))
    assert isinstance(items[0], Article)
    assert isinstance(items[-1], Rejection)
    assert items[-1].source_path.startswith(f"{cut}#") and int(items[-1].source_path.rsplit("#", 1)[1]) > 0
    assert "truncated" in items[-1].reason or "broken" in items[-1].reason
    assert stats.rejected == 1 and stats.skipped["non-HTML response (image/jpeg)"] == 1


def test_crawl_date_is_used_when_page_has_none(tmp_path: Path) -> None:
    page = PAGE.format(date_meta="")
    f = tmp_path / "c.warc"
    f.write_bytes(_warc([("https://example.org/story", "text/html", page.encode())], gz=False))
    (art,) = iter_warc(f)
    assert isinstance(art, Article)
    assert art.published == "2024-11-02T08:15:00Z"


def test_not_a_warc(tmp_path: Path) -> None:
    f = tmp_path / "x.warc"
    f.write_bytes(b"this is not a warc file at all\n")
    (rej,) = iter_warc(f)
    assert isinstance(rej, Rejection) and rej.source_path == str(f) and "not a WARC" in rej.reason


def _crawl(n: int, gz: bool) -> bytes:
    """n article pages (distinct by a sentence each) interleaved with images."""
    records = []
    for i in range(n):
        page = PAGE.format(date_meta="").replace("Saturday", f"Saturday, the {i + 1}th test of the year")
        records.append((f"https://www.riversidecourier.example/news/{i}", "text/html", page.encode()))
        records.append((f"https://www.riversidecourier.example/img/{i}.jpg", "image/jpeg", b"\xff\xd8\xff" + bytes(300)))
    return _warc(records, gz)


def _summary(items: list[Article | Rejection]) -> list[tuple[str, str]]:
    return [(i.source_path or "", i.text if isinstance(i, Article) else i.reason) for i in items]


@pytest.mark.parametrize("gz", [False, True])
def test_spans_read_one_after_another_equal_the_whole_file(tmp_path: Path, gz: bool) -> None:
    """A distributed reader gives each task one span: together they must be the whole-file read."""
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    path.write_bytes(_crawl(7, gz))  # 1 warcinfo + 14 records
    spans = warc_splits(path, records_per_split=4)
    assert len(spans) == 4
    assert spans[0][0] == 0 and spans[-1][1] is None
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:], strict=False))  # contiguous, no gap
    whole_stats = WarcStats()
    whole = list(iter_warc(path, whole_stats))
    parts: list[Article | Rejection] = []
    span_stats = WarcStats()
    for span in spans:
        parts.extend(iter_warc(path, span_stats, span))
    assert _summary(parts) == _summary(whole)
    assert len([p for p in parts if isinstance(p, Article)]) == 7
    assert (span_stats.records, span_stats.articles, span_stats.skipped) == (
        whole_stats.records, whole_stats.articles, whole_stats.skipped)


def test_single_gzip_stream_is_one_span(tmp_path: Path) -> None:
    """A WARC gzipped as one stream (not one member per record) cannot be cut: it is read whole."""
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(gzip.compress(_crawl(6, gz=False)))
    assert warc_splits(path, records_per_split=2) == [(0, None)]
    assert len([i for i in iter_warc(path) if isinstance(i, Article)]) == 6


def test_damaged_file_read_by_spans_loses_what_the_whole_read_loses(tmp_path: Path) -> None:
    """Garbage after some good records: the spans report it as the whole-file read does, and keep the rest."""
    path = tmp_path / "broken.warc.gz"
    data = _crawl(6, gz=True)
    path.write_bytes(data[: len(data) // 2] + b"\x00garbage" * 50)
    whole = list(iter_warc(path))
    parts = [i for span in warc_splits(path, records_per_split=2) for i in iter_warc(path, None, span)]
    assert _summary(parts) == _summary(whole)
    assert any(isinstance(i, Article) for i in parts)  # what came before the damage is kept
    assert [i.reason for i in parts if isinstance(i, Rejection)], "the damage is reported"


def test_parallel_load_reads_spans_in_worker_processes_with_the_serial_result(tmp_path: Path) -> None:
    """``load_paths(workers=2)`` cuts the crawl into spans read by two processes: same articles, same order."""
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(_crawl(9, gz=True))
    serial, serial_rej = load_paths([path])
    parallel, parallel_rej = load_paths([path], workers=2, records_per_split=4)
    assert len(serial) == 9
    assert [a.model_dump() for a in parallel] == [a.model_dump() for a in serial]
    assert parallel_rej == serial_rej
