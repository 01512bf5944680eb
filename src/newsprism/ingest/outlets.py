"""One outlet per publisher, whatever the input calls it.

Why: inputs name the same publisher as ``nytimes.com``, ``NYTimes`` or ``The New York Times``;
comparing outlets, removing one outlet's boilerplate and showing who said what all need one
identity per publisher.  An outlet has a *key* (stable id used for grouping) and a *name* (what a
reader sees):

* a URL or host gives the publisher's registered domain (``www.bbc.co.uk`` -> ``bbc.co.uk``) from
  the Public Suffix List shipped with ``tldextract`` -- used offline, never fetched -- unless the
  shipped table (``data/outlets.json``) names a publisher living on a host of a shared domain
  (``abcnews.go.com`` is ABC News, not "go");
* a name (the input's ``outlet`` field, the page's ``og:site_name``) is matched against the table's
  names and aliases ignoring case, punctuation and a leading "The";
* nothing at all gives ``unknown``, keyed per record so that unrelated unknown-outlet articles are
  never merged into one outlet (their shared sentences are not one outlet's boilerplate).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    import tldextract

from newsprism.model import UNKNOWN_OUTLET, UNKNOWN_OUTLET_PREFIX

UNKNOWN = UNKNOWN_OUTLET
UNKNOWN_PREFIX = UNKNOWN_OUTLET_PREFIX  # key of an outlet nothing names: "unknown:<article id>"
NAME_PREFIX = "name:"  # key of a named outlet with no domain: "name:<normalised name>"

# A bare host as an outlet name ("nytimes.com", "edition.cnn.com"): letters/digits/hyphens, dots, a TLD.
_HOSTLIKE_RE = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]\.?", re.IGNORECASE)


@dataclass(frozen=True)
class Outlet:
    """A resolved outlet: ``key`` groups articles, ``name`` is shown."""

    key: str
    name: str

    @property
    def is_unknown(self) -> bool:
        return self.key.startswith(UNKNOWN_PREFIX)


@cache
def _extractor() -> tldextract.TLDExtract:
    """The PSL snapshot bundled with tldextract: no fetch (no URLs) and no cache file (no cache dir).

    Imported here, on the first URL: tldextract (and the requests it imports) took 65 ms of every
    ``analyze``/``ingest`` start, also for plain-text articles that name no URL.
    """
    import tldextract

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)


def normalise_name(name: str) -> str:
    """``"The New York Times"``, ``"new-york times"`` -> ``"newyorktimes"`` (for matching, not display)."""
    s = unicodedata.normalize("NFKD", name).casefold()
    s = "".join(ch for ch in s if ch.isalnum() or ch.isspace())
    words = s.split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return "".join(words)


def hostname(url_or_host: str | None) -> str | None:
    """The lower-case host of a URL or a bare host (``www.`` kept: the table lookup walks past it)."""
    if not url_or_host:
        return None
    s = url_or_host.strip()
    try:
        host = urlsplit(s if "//" in s else "//" + s).hostname
    except ValueError:
        return None
    return host.rstrip(".").lower() if host else None


def registered_domain(url_or_host: str | None) -> str | None:
    """``https://edition.cnn.com/x`` -> ``cnn.com``; ``www.bbc.co.uk`` -> ``bbc.co.uk``; None without a public suffix."""
    host = hostname(url_or_host)
    if not host:
        return None
    parts = _extractor()(host)
    if not parts.domain or not parts.suffix:
        return None
    return f"{parts.domain}.{parts.suffix}"


@dataclass(frozen=True)
class _Table:
    names: dict[str, str]  # publisher key -> display name
    by_host: dict[str, str]  # key or other domain -> publisher key
    by_alias: dict[str, str]  # normalised name/alias -> publisher key


@cache
def _table() -> _Table:
    data = json.loads(resources.files("newsprism").joinpath("data", "outlets.json").read_text(encoding="utf-8"))
    names: dict[str, str] = {}
    by_host: dict[str, str] = {}
    by_alias: dict[str, str] = {}
    for key, entry in data["publishers"].items():
        names[key] = entry["name"]
        for host in (key, *entry.get("domains", ())):
            by_host[host] = key
            by_alias.setdefault(normalise_name(host), key)
        for alias in (entry["name"], *entry.get("aliases", ())):
            by_alias.setdefault(normalise_name(alias), key)
    return _Table(names, by_host, by_alias)


def publisher_key(url_or_host: str | None) -> str | None:
    """The publisher a URL belongs to: a host the table names (or its parent), else the registered domain.

    Walks ``news.abcnews.go.com`` -> ``abcnews.go.com`` (in the table: ABC News) -> stop at the
    registered domain ``go.com``, so a table entry never reaches above the registered domain and an
    unlisted site still gets its own registered domain.  A host without a public suffix
    (``localhost``, an IP address) is its own key.
    """
    host = hostname(url_or_host)
    if not host:
        return None
    domain = registered_domain(host)
    table = _table()
    labels = host.split(".")
    for i in range(len(labels)):
        candidate = ".".join(labels[i:])
        if candidate in table.by_host:
            return table.by_host[candidate]
        if candidate == domain:
            break
    return domain or host.removeprefix("www.")


def _hostlike(name: str) -> bool:
    return bool(_HOSTLIKE_RE.fullmatch(name.strip())) and registered_domain(name) is not None


def _clean(value: str | None) -> str | None:
    s = " ".join(value.split()) if value else ""
    return None if not s or s.casefold() == UNKNOWN else s


def resolve_outlet(
    name: str | None, url: str | None, site_name: str | None = None, *, record_id: str = ""
) -> Outlet:
    """The outlet of one article from what its input says: ``name`` (an explicit outlet field),
    ``url`` and ``site_name`` (the page's own metadata, e.g. ``og:site_name``).

    Key: the URL's publisher; else a host-like or known name; else the normalised name.
    Display: the table's name for a known publisher; else the input's own name, the site name,
    or the domain, in that order.  Nothing usable: ``unknown``, keyed by ``record_id`` (give each
    record a distinct one) so that it is an outlet of its own.
    """
    name, site_name = _clean(name), _clean(site_name)
    table = _table()
    key = publisher_key(url)
    if key is None:
        for given in (name, site_name):
            if given is None:
                continue
            key = (publisher_key(given) if _hostlike(given) else None) or table.by_alias.get(normalise_name(given))
            if key:
                break
    if key is None:
        for given in (name, site_name):
            if given and normalise_name(given):
                return Outlet(key=NAME_PREFIX + normalise_name(given), name=given)
        return Outlet(key=UNKNOWN_PREFIX + record_id, name=UNKNOWN)
    if key in table.names:
        return Outlet(key=key, name=table.names[key])
    # A known domain's page whose site name matches a table entry under another domain stays
    # keyed by its domain (the URL is the stronger evidence); its display is the input's own.
    for given in (name, site_name):
        if given and not _hostlike(given):
            return Outlet(key=key, name=given)
    return Outlet(key=key, name=key)
