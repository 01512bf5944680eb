"""Ingest: text, HTML, JSON lines and WARC files -> cleaned English ``Article``s (+ ``Rejection``s).

Entry point: :func:`load_paths`.  The per-format readers are public for
callers (runners, the web API) that receive one document at a time.
"""

from newsprism.ingest.clean import MAX_CHARS, clean_text, find_boilerplate, is_debris
from newsprism.ingest.html import extract_html, html_to_article, read_html_file
from newsprism.ingest.jsonl import iter_json, iter_jsonl
from newsprism.ingest.loader import load_paths
from newsprism.ingest.text import decode_bytes, detect_headline, read_text_file
from newsprism.ingest.warc import WarcStats, iter_warc

__all__ = [
    "MAX_CHARS",
    "WarcStats",
    "clean_text",
    "decode_bytes",
    "detect_headline",
    "extract_html",
    "find_boilerplate",
    "html_to_article",
    "is_debris",
    "iter_json",
    "iter_jsonl",
    "iter_warc",
    "load_paths",
    "read_html_file",
    "read_text_file",
]
