"""WARC files: HTML responses become Articles; images are skipped and counted; broken records rejected."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsprism.ingest.warc import WarcStats, iter_warc
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
