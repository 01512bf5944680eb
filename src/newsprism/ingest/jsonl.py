"""JSON lines -> one Article per line: ``{"text", "title"?, "url"?, "outlet"?, "published"?, "author"?}``.

A bad line becomes a Rejection whose ``source_path`` is ``file:line`` so that
one broken line never costs the rest of the file.  A ``.json`` file holding a
single such object or a list of them is read the same way (``file:[index]``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from newsprism.ingest.article import (
    MAX_INPUT_BYTES,
    IngestError,
    build_article,
    one_line,
    published_or_warning,
    too_large,
)
from newsprism.ingest.text import detect_headline
from newsprism.model import Article, Rejection

OPTIONAL_FIELDS = ("title", "url", "outlet", "published", "author")
# Python's json decoder recurses once per nesting level and raises RecursionError (not
# ValueError) past ~1,000 levels; no article record nests deeper than a few.
TOO_DEEP = "invalid JSON: nested too deeply"


def record_to_article(record: Any, *, source_path: str) -> Article | Rejection:
    """One decoded JSON value -> Article, or a Rejection naming the bad field.

    A record naming no outlet and no URL is its own unknown outlet, not the file's: a JSON-lines
    dump mixes publishers, so the file name says nothing about who wrote a record.
    """
    try:
        if not isinstance(record, dict):
            raise IngestError(f"not a JSON object (got {type(record).__name__})")
        text = record.get("text")
        if text is None:
            raise IngestError('missing "text" field')
        if not isinstance(text, str):
            raise IngestError(f'"text" is not a string (got {type(text).__name__})')
        meta: dict[str, str | None] = {}
        for key in OPTIONAL_FIELDS:
            value = record.get(key)
            if value is not None and not isinstance(value, str):
                raise IngestError(f'"{key}" is not a string (got {type(value).__name__})')
            meta[key] = value.strip() if value and value.strip() else None
    except IngestError as exc:
        return Rejection(source_path=source_path, reason=str(exc))
    # No "title" key at all: the text may start with its headline (as a plain-text file would).
    title = meta["title"] if "title" in record else detect_headline(text)
    published, warnings = published_or_warning(meta["published"])
    return build_article(
        text,
        source_path=source_path,
        outlet=meta["outlet"],
        title=title,
        url=meta["url"],
        published=published,
        warnings=warnings,
        author=meta["author"],
    )


def iter_jsonl(path: str | Path) -> Iterator[Article | Rejection]:
    """Each non-blank line of a JSON-lines file -> Article or Rejection (``file:line``)."""
    path = Path(path)
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield Rejection(source_path=str(path), reason=f"unreadable: {exc.strerror or exc}")
        return
    n_records = 0
    with fh:
        for lineno, line in enumerate(fh, start=1):
            where = f"{path}:{lineno}"
            if not line.strip():
                continue
            n_records += 1
            if len(line) > MAX_INPUT_BYTES:
                yield Rejection(source_path=where, reason=too_large(len(line)))
                continue
            try:
                record = json.loads(line.decode("utf-8-sig" if lineno == 1 else "utf-8"))
            except UnicodeDecodeError:
                yield Rejection(source_path=where, reason="not UTF-8 (JSON lines must be UTF-8)")
                continue
            except ValueError as exc:
                yield Rejection(source_path=where, reason=one_line(f"invalid JSON: {exc}"))
                continue
            except RecursionError:
                yield Rejection(source_path=where, reason=TOO_DEEP)
                continue
            yield record_to_article(record, source_path=where)
    if n_records == 0:
        yield Rejection(source_path=str(path), reason="empty file (no JSON lines)")


def iter_json(path: str | Path) -> Iterator[Article | Rejection]:
    """A ``.json`` file: one record object, or a list of them (``file:[i]``)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise IngestError(too_large(size))
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except OSError as exc:
        yield Rejection(source_path=str(path), reason=f"unreadable: {exc.strerror or exc}")
        return
    except IngestError as exc:
        yield Rejection(source_path=str(path), reason=str(exc))
        return
    except ValueError as exc:  # includes UnicodeDecodeError
        yield Rejection(source_path=str(path), reason=one_line(f"invalid JSON: {exc}"))
        return
    except RecursionError:
        yield Rejection(source_path=str(path), reason=TOO_DEEP)
        return
    if isinstance(data, list):
        if not data:
            yield Rejection(source_path=str(path), reason="empty JSON list")
        for i, record in enumerate(data):
            yield record_to_article(record, source_path=f"{path}:[{i}]")
    else:
        yield record_to_article(data, source_path=str(path))
