"""The HTML report: what a reader sees is escaped, linked and traceable.

Pinned on the hand-built sample report (tests/fixtures/report_sample.json:
three outlets' versions of one meeting, every relation label, figure status,
framing type, omissions, summary, timeline, rejected inputs) and on small
reports built here, including hostile ones.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import pytest
from lxml import html as lhtml

from newsprism.model import (
    Citation,
    Figure,
    FigureGroup,
    FramingSpan,
    Mention,
    Quote,
    QuoteGroup,
    QuotePair,
    Rejection,
    Report,
    ReportArticle,
    Speaker,
    Story,
    SummarySentence,
    article_id_for,
)
from newsprism.report.html import _outlet_tag, render_report_html, safe_href

FIXTURE = Path(__file__).parent / "fixtures" / "report_sample.json"
PWN = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'


# --------------------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def sample() -> Report:
    return Report.model_validate_json(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sample_doc(sample: Report) -> lhtml.HtmlElement:
    return lhtml.document_fromstring(render_report_html(sample))


def _article(aid_text: str, outlet: str, **kw: object) -> ReportArticle:
    return ReportArticle(id=article_id_for(aid_text), outlet=outlet, text=aid_text, **kw)


def _span(text: str, needle: str) -> tuple[int, int]:
    i = text.index(needle)
    return (i, i + len(needle))


def _col_text(doc: lhtml.HtmlElement, article_id: str) -> lhtml.HtmlElement:
    """The article-text element of the column that holds article_id's spans."""
    for el in doc.xpath('//div[@class="text"]'):
        if any(f"-a-{article_id}-" in (e.get("id") or "") for e in el.iter()):
            return el
    raise AssertionError(f"no column for {article_id}")


def _local_hrefs(doc: lhtml.HtmlElement) -> list[str]:
    return [a.get("href")[1:] for a in doc.xpath("//a[@href]") if a.get("href").startswith("#")]


def _hostile_report() -> Report:
    body = (
        f"The minister said {PWN} was not a threat. "
        f'He added: "We will never accept {IMG} or <b>bold</b> claims," '
        "according to state media."
    )
    other = 'Officials said "We will never accept <i>any</i> claims," the agency reported.'
    a = _article(body, IMG, title=PWN + " headline", url="javascript:window.__pwned=1", author=PWN)
    b = _article(other, "Wire <b>", title="Plain", url="https://example.org/story?a=1&b=<x>")
    qa_text = f"We will never accept {IMG} or <b>bold</b> claims,"
    qb_text = "We will never accept <i>any</i> claims,"
    qa = Quote(
        id="qa",
        article_id=a.id,
        spans=[_span(body, qa_text)],
        text=qa_text,
        kind="direct",
        speaker=Speaker(name=PWN, spans=[_span(body, "He")], mention="He"),
        cue=Mention(text="added", spans=[_span(body, "added")]),
    )
    qb = Quote(id="qb", article_id=b.id, spans=[_span(other, qb_text)], text=qb_text, kind="direct")
    pair = QuotePair(
        a="qa",
        b="qb",
        relation="altered",
        similarity=0.5,
        diff=[("equal", "We will never accept", "We will never accept"), ("replace", IMG, "<i>any</i>")],
    )
    fr = FramingSpan(article_id=a.id, spans=[_span(body, PWN)], text=PWN, type="scare_quote", note=IMG)
    story = Story(
        id="s1",
        title=PWN,
        article_ids=[a.id, b.id],
        summary=[SummarySentence(text=IMG, citations=[Citation(article_id=a.id, spans=[_span(body, PWN)])])],
        quote_groups=[QuoteGroup(id="g<1>", speaker=IMG, quote_ids=["qa", "qb"], pairs=[pair])],
    )
    return Report(
        articles=[a, b],
        quotes=[qa, qb],
        figures=[],
        framing=[fr],
        stories=[story],
        rejected=[Rejection(source_path=PWN, reason=IMG)],
    )


# --------------------------------------------------------------------------- the sample


def test_fixture_spans_index_the_cleaned_text(sample: Report) -> None:
    texts = {a.id: a.text for a in sample.articles}
    for item in [*sample.quotes, *sample.figures, *sample.framing]:
        (s, e), *_ = item.spans
        assert texts[item.article_id][s:e] == item.text, item


def test_sample_shows_every_section(sample: Report, sample_doc: lhtml.HtmlElement) -> None:
    story = sample.stories[0]
    assert sample_doc.xpath("string(//h1)") == story.title
    assert len(sample_doc.xpath('//article[contains(@class,"col ")]')) == len(story.article_ids)
    # quotes and figures one outlet alone reports are one-line entries in a fold
    cards = sample_doc.xpath('//article[@class="qg"] | //li[@class="qg-single"]')
    assert len(cards) == len(story.quote_groups)
    rows = sample_doc.xpath('//table[@class="figs"]/tbody/tr | //li[@class="fg-single"]')
    assert len(rows) == len(story.figure_groups)
    assert len(sample_doc.xpath('//ol[@class="timeline"]/li')) == len(story.timeline)
    assert len(sample_doc.xpath('//ul[@class="omissions"]/li[not(@class="empty")]')) == sum(
        len(o.missing) for o in story.omissions
    )
    assert len(sample_doc.xpath('//table[@class="rejected"]/tbody/tr')) == len(sample.rejected)
    facts = sample_doc.xpath('string(//p[@class="facts"])')
    assert "3 outlets" in facts and "3 reports" in facts and "2023-03-20 – 2023-03-21" in facts


def test_every_relation_label_and_status_gets_a_badge(sample_doc: lhtml.HtmlElement) -> None:
    pair_badges = {b.text for b in sample_doc.xpath('//li[@class="pair"]//span[contains(@class,"badge")]')}
    assert pair_badges == {"identical", "truncated", "altered", "variant", "paraphrase"}
    statuses = {
        b.text
        for b in sample_doc.xpath(
            '//table[@class="figs"]//span[contains(@class,"badge")]'
            ' | //details[contains(@id,"-single-figures")]/summary/span[contains(@class,"badge")]'
        )
    }
    assert statuses == {"agree", "conflict", "single source"}


def test_column_text_is_the_cleaned_text_exactly(sample: Report, sample_doc: lhtml.HtmlElement) -> None:
    for article in sample.articles:
        assert _col_text(sample_doc, article.id).text_content() == article.text


def test_every_local_link_has_a_target_and_ids_are_unique(sample_doc: lhtml.HtmlElement) -> None:
    ids = [e.get("id") for e in sample_doc.xpath("//*[@id]")]
    assert len(ids) == len(set(ids))
    hrefs = _local_hrefs(sample_doc)
    assert hrefs
    missing = sorted(set(hrefs) - set(ids))
    assert not missing


def test_ledger_quotes_link_to_their_span_in_the_article(
    sample: Report, sample_doc: lhtml.HtmlElement
) -> None:
    links = sample_doc.xpath('//a[@class="qlink"]')
    same = sample_doc.xpath('//a[contains(@class,"qlink-same")]')  # word-for-word repeats: a tag each
    grouped = [qid for g in sample.stories[0].quote_groups for qid in g.quote_ids]
    assert len(links) + len(same) == len(grouped)
    for a in same:
        assert "q" in sample_doc.get_element_by_id(a.get("href")[1:]).get("class").split()
    by_text = {q.text for q in sample.quotes}
    for a in links:
        target = sample_doc.get_element_by_id(a.get("href")[1:])
        assert target.text_content() == a.text_content()
        assert a.text_content() in by_text
        assert "q" in target.get("class").split()


def test_figures_framing_and_citations_link_to_their_spans(
    sample: Report, sample_doc: lhtml.HtmlElement
) -> None:
    fig_links = sample_doc.xpath('//a[@class="figlink"]')
    repeats = sample_doc.xpath('//a[contains(@class,"figlink-rep")]')  # the same words again: an outlet tag
    assert len(fig_links) + len(repeats) == sum(len(g.figure_ids) for g in sample.stories[0].figure_groups)
    for a in repeats:
        assert "fig" in sample_doc.get_element_by_id(a.get("href")[1:]).get("class").split()
    for a in fig_links:
        target = sample_doc.get_element_by_id(a.get("href")[1:])
        assert target.text_content() == a.text_content()
        assert "fig" in target.get("class").split()
    fr_links = sample_doc.xpath('//ul[@class="framing"]//a')
    assert sorted(a.text_content() for a in fr_links) == sorted(f.text for f in sample.framing)
    for a in fr_links:
        assert "fr" in sample_doc.get_element_by_id(a.get("href")[1:]).get("class").split()
    cites = sample_doc.xpath('//div[@class="summary"]//sup/a')
    assert len(cites) == sum(len(s.citations) for s in sample.stories[0].summary)
    texts = {a.id: a.text for a in sample.articles}
    first = sample.stories[0].summary[0].citations[0]
    target = sample_doc.get_element_by_id(cites[0].get("href")[1:])
    s, e = first.spans[0]
    assert target.text_content() == texts[first.article_id][s:e]


def test_quote_marks_carry_speaker_and_kind(sample: Report, sample_doc: lhtml.HtmlElement) -> None:
    q = next(q for q in sample.quotes if q.kind == "partial")
    s, e = q.spans[0]
    el = sample_doc.xpath(f'//*[@id and contains(@id, "-{s}-{e}") and contains(@class, "q-partial")]')
    assert len(el) == 1
    assert el[0].get("data-speaker") == q.speaker.name
    assert q.speaker.name in el[0].get("title")


def test_diff_ops_render_as_del_and_ins(sample_doc: lhtml.HtmlElement) -> None:
    altered = sample_doc.xpath('//li[@class="pair"][.//span[text()="altered"]]//p[@class="diff"]')[0]
    assert [d.text for d in altered.xpath(".//del")] == ["more than"]
    assert [i.text for i in altered.xpath(".//ins")] == ["almost"]
    assert " ".join(altered.text_content().split()) == "has more than almost doubled"


def test_rendering_is_deterministic(sample: Report) -> None:
    assert render_report_html(sample) == render_report_html(sample)


# --------------------------------------------------------------------------- highlighting


def test_spans_nest_and_overlaps_are_split_into_fragments() -> None:
    text = 'Putin said trade "has grown to $185 billion this year" and called it a so-called record.'
    a = _article(text, "Wire")
    q = Quote(
        id="q1",
        article_id=a.id,
        spans=[_span(text, "has grown to $185 billion this year")],
        text="has grown to $185 billion this year",
        kind="partial",
    )
    f = Figure(
        id="f1",
        article_id=a.id,
        spans=[_span(text, "$185 billion")],
        text="$185 billion",
        value=185e9,
        unit="USD",
        kind="money",
    )
    # crosses the end of the quote: "this year" is inside, "and" is not
    cross = _span(text, 'this year" and')
    fr = FramingSpan(article_id=a.id, spans=[cross], text=text[cross[0] : cross[1]], type="loaded_term")
    fr2 = FramingSpan(article_id=a.id, spans=[_span(text, "so-called")], text="so-called", type="loaded_term")
    story = Story(id="s", title="t", article_ids=[a.id])
    doc = lhtml.document_fromstring(
        render_report_html(Report(articles=[a], quotes=[q], figures=[f], framing=[fr, fr2], stories=[story]))
    )
    col = _col_text(doc, a.id)
    assert col.text_content() == text
    quote_el = col.xpath('.//span[contains(@class,"q-partial") and @id]')[0]
    fig_el = [e for e in col.iter("span") if "fig" in e.get("class").split()]
    assert len(fig_el) == 1 and fig_el[0].text_content() == "$185 billion"
    assert quote_el in fig_el[0].iterancestors()  # nested
    key = f"s0-a-{a.id}-{cross[0]}-{cross[1]}"
    frags = col.xpath(f'.//span[@data-k="{key}"]')
    assert len(frags) == 2  # split at the quote's end
    assert frags[0].get("id") == key and frags[1].get("id") is None
    assert "".join(e.text_content() for e in frags) == text[cross[0] : cross[1]]
    # the part inside the quote carries both styles
    assert quote_el in frags[0].iterancestors()
    assert quote_el not in frags[1].iterancestors()


def test_bad_spans_give_no_link_and_no_crash() -> None:
    text = "Short text said nothing."
    a = _article(text, "Wire")
    q = Quote(id="q1", article_id=a.id, spans=[(5, 500)], text="???", kind="direct")
    q2 = Quote(id="q2", article_id=a.id, spans=[(7, 7)], text="", kind="direct")
    g = QuoteGroup(id="g", speaker=None, quote_ids=["q1", "q2", "nope"])
    fg = FigureGroup(id="fg", figure_ids=["missing"], status="single_source")
    story = Story(
        id="s", title="t", article_ids=[a.id, "not-in-report"], quote_groups=[g], figure_groups=[fg]
    )
    doc = lhtml.document_fromstring(
        render_report_html(Report(articles=[a], quotes=[q, q2], figures=[], framing=[], stories=[story]))
    )
    assert doc.xpath('string(//div[@class="text"])') == text
    assert doc.xpath('//div[@class="text"]//span') == []  # neither bad span was placed
    assert doc.xpath('//a[@class="qlink"]') == []
    assert "1 article(s) missing from the report" in doc.text_content()
    assert "quote nope not in report" in doc.text_content()
    ids = {e.get("id") for e in doc.xpath("//*[@id]")}
    assert set(_local_hrefs(doc)) <= ids


def test_one_article_in_two_stories_keeps_ids_unique() -> None:
    text = 'She said "prices will rise" next year.'
    a = _article(text, "Wire")
    q = Quote(
        id="q",
        article_id=a.id,
        spans=[_span(text, "prices will rise")],
        text="prices will rise",
        kind="partial",
    )
    stories = [Story(id=f"s{i}", title=f"t{i}", article_ids=[a.id]) for i in range(2)]
    doc = lhtml.document_fromstring(
        render_report_html(Report(articles=[a], quotes=[q], figures=[], framing=[], stories=stories))
    )
    ids = [e.get("id") for e in doc.xpath("//*[@id]")]
    assert len(ids) == len(set(ids))
    assert len(doc.xpath('//span[contains(@class,"q-partial") and @id]')) == 2


# --------------------------------------------------------------------------- security


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a?b=1", "https://example.org/a?b=1"),
        ("http://example.org", "http://example.org"),
        ("javascript:alert(1)", None),
        ("JavaScript:alert(1)", None),
        ("  javascript:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("vbscript:msgbox(1)", None),
        ("//evil.example/x", None),
        ("/relative/path", None),
        ("https:evil", None),
        ("", None),
        (None, None),
    ],
)
def test_only_http_urls_become_links(url: str | None, expected: str | None) -> None:
    assert safe_href(url) == expected


def test_hostile_strings_are_text_not_markup() -> None:
    report = _hostile_report()
    page = render_report_html(report)
    doc = lhtml.document_fromstring(page)
    scripts = doc.xpath("//script")
    assert len(scripts) == 1 and "__pwned" not in scripts[0].text_content()
    assert doc.xpath("//img") == [] and doc.xpath("//b") == [] and doc.xpath("//i") == []
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        assert not [k for k in el.attrib if k.lower().startswith("on")], el.tag
    hrefs = [a.get("href") for a in doc.xpath("//a[@href]")]
    assert all(h.startswith(("#", "http://", "https://")) for h in hrefs)
    assert not any("javascript" in h.lower() for h in hrefs)
    # the text is all still there, as text
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page
    assert PWN in doc.xpath("string(//h1)")
    body = report.articles[0]
    assert _col_text(doc, body.id).text_content() == body.text
    assert "javascript:window.__pwned=1" in doc.text_content()  # shown, not linked
    ledger = doc.xpath('//a[@class="qlink"]')
    assert {a.text_content() for a in ledger} == {q.text for q in report.quotes}
    assert doc.xpath('//p[@class="diff"]/del')[0].text == IMG
    assert doc.xpath('//table[@class="rejected"]//code')[0].text == PWN


def test_csp_forbids_everything_but_our_own_script(sample: Report) -> None:
    doc = lhtml.document_fromstring(render_report_html(sample))
    csp = doc.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')[0]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["style-src"] == "'unsafe-inline'"
    assert directives["img-src"] == "data:"
    script = doc.xpath("//script")[0].text
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    assert directives["script-src"] == f"'sha256-{digest}'"
    assert "unsafe-inline" not in directives["script-src"]
    # no external assets of any kind
    for attr in ("src", "href"):
        for value in doc.xpath(f"//*[@{attr}]/@{attr}"):
            if doc.xpath(f'//a[@href="{value}"]') and value.startswith("http"):
                continue  # outbound links to the articles themselves are fine
            assert value.startswith("#"), value
    assert doc.xpath("//link") == []


@pytest.mark.parametrize(
    ("outlet", "tag"),
    [
        ("CNN", "CNN"),
        ("Kyiv Independent", "KI"),
        ("The New York Times", "NYT"),
        ("The Guardian", "Guardian"),
        ("edition.cnn.com", "cnn"),
        ("www.bbc.co.uk", "bbc"),
    ],
)
def test_citation_tags_are_short_outlet_names(outlet: str, tag: str) -> None:
    assert _outlet_tag(outlet) == tag


def test_two_articles_of_one_outlet_get_distinct_tags() -> None:
    texts = ["First report of the vote.", "Second report of the vote."]
    arts = [_article(t, "Reuters") for t in texts]
    story = Story(id="s", title="t", article_ids=[a.id for a in arts])
    doc = lhtml.document_fromstring(
        render_report_html(Report(articles=arts, quotes=[], figures=[], framing=[], stories=[story]))
    )
    assert [t.text for t in doc.xpath('//div[@class="outlet"]/span[@class="tag"]')] == [
        "Reuters",
        "Reuters 2",
    ]


def _story_doc(arts: list[ReportArticle]) -> lhtml.HtmlElement:
    story = Story(id="s", title="t", article_ids=[a.id for a in arts])
    return lhtml.document_fromstring(
        render_report_html(Report(articles=arts, quotes=[], figures=[], framing=[], stories=[story]))
    )


def test_outlets_whose_short_tags_coincide_keep_distinct_tags() -> None:
    arts = [
        _article("The Post's report of the vote.", "washingtonpost.example", outlet_key="washingtonpost.example"),
        _article("The Times's report of the vote.", "washingtontimes.example", outlet_key="washingtontimes.example"),
    ]
    doc = _story_doc(arts)
    tags = [t.text for t in doc.xpath('//div[@class="outlet"]/span[@class="tag"]')]
    assert tags[0] != tags[1] and not tags[1].endswith(" 2")  # "2" would read as the Post's second article
    assert [c.text for c in doc.xpath('//span[contains(@class, "chip")]')] == [a.outlet for a in arts]


def test_unknown_outlets_are_told_apart_in_tags_chips_and_count() -> None:
    arts = [
        _article("One unnamed report of the vote.", "unknown", outlet_key="unknown:aaaa"),
        _article("Another unnamed report of the vote.", "unknown", outlet_key="unknown:bbbb"),
    ]
    doc = _story_doc(arts)
    assert [t.text for t in doc.xpath('//div[@class="outlet"]/span[@class="tag"]')] == ["?1", "?2"]
    assert [c.text for c in doc.xpath('//span[contains(@class, "chip")]')] == ["unknown ?1", "unknown ?2"]
    assert "2 outlets" in " ".join(doc.xpath('string(//p[@class="facts"])').split())


def test_header_counts_copies_of_a_wire_story_apart(sample: Report) -> None:
    """A syndicated copy is a report but not an independent source: the header says whose copy it is."""
    story = sample.stories[0]
    first, second = story.article_ids[0], story.article_ids[1]
    outlet = next(a.outlet for a in sample.articles if a.id == first)
    copied = sample.model_copy(
        update={"stories": [story.model_copy(update={"duplicates": {second: first}}), *sample.stories[1:]]}
    )
    doc = lhtml.fromstring(render_report_html(copied))
    facts = " ".join(doc.xpath('string(//p[@class="facts"])').split())
    assert f"(1 copy of {outlet})" in facts


def test_report_files_follow_the_umask(tmp_path) -> None:
    import os

    from newsprism.model import Report
    from newsprism.report.writer import write_report

    old = os.umask(0o022)
    try:
        json_path, html_path = write_report(Report(articles=[], quotes=[], figures=[], framing=[], stories=[]),
                                            tmp_path / "out")
    finally:
        os.umask(old)
    assert (json_path.stat().st_mode & 0o777, html_path.stat().st_mode & 0o777) == (0o644, 0o644)


def test_date_without_a_year_reads_as_day_and_month() -> None:
    from newsprism.report.html import _fmt_value

    assert _fmt_value("--03-20") == "20 March (year not given)"
    assert _fmt_value("--11") == "November (year not given)"
    assert _fmt_value("2023-03-20") == "2023-03-20"
