"""Readers for text, HTML and JSON Lines inputs, files, folders and standard input.

Every input yields either an ``Article`` or an ``InputError``; nothing here raises on bad
data, so one broken input never stops a batch.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import sys
from collections.abc import Iterator, Mapping
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from dragoman.schemas import Article, InputError

MAX_ARTICLE_CHARS = 1_000_000
"""Longer texts are rejected with a clear error (spaCy's own limit is the same)."""
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ""})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
FEED_SUFFIXES = frozenset({".rss", ".atom", ".xml"})
CSV_SUFFIXES = frozenset({".csv"})
READABLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | FEED_SUFFIXES | CSV_SUFFIXES


DATE_META = frozenset(
    {
        "article:published_time",
        "og:published_time",
        "datepublished",
        "pubdate",
        "publishdate",
        "publish-date",
        "date",
        "dc.date",
        "dc.date.issued",
        "dcterms.created",
        "dcterms.date",
        "parsely-pub-date",
        "sailthru.date",
        "article.published",
        "published_time",
    }
)
"""Meta tags (name, property or itemprop) that carry a page's publication date."""


class _TextExtractor(HTMLParser):
    """Visible text of an HTML page (scripts, styles and markup dropped, blocks on new lines),
    its title, and its publication date from meta tags, ``<time>`` or JSON-LD."""

    BLOCKS = frozenset(
        {
            "p",
            "div",
            "br",
            "li",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "tr",
            "article",
            "section",
            "header",
            "footer",
            "title",
            "blockquote",
        }
    )
    HIDDEN = frozenset({"script", "style", "noscript", "template", "svg", "head"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: str | None = None
        self.published: str | None = None
        self._hidden = 0
        self._in_title = False
        self._in_json_ld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key.lower(): (value or "") for key, value in attrs}
        if tag == "meta":
            key = (
                values.get("property") or values.get("name") or values.get("itemprop") or ""
            ).lower()
            if key in DATE_META and values.get("content") and not self.published:
                self.published = values["content"]
        elif tag == "time" and values.get("datetime") and not self.published:
            self.published = values["datetime"]
        elif tag == "script" and values.get("type", "").lower() == "application/ld+json":
            self._in_json_ld = True
        if tag == "title":
            self._in_title = True
        if tag in self.HIDDEN and tag != "head":
            self._hidden += 1
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag == "script":
            self._in_json_ld = False
        if tag in self.HIDDEN and tag != "head" and self._hidden:
            self._hidden -= 1
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_json_ld:
            match = re.search(r'"datePublished"\s*:\s*"([^"]+)"', data)
            if match and not self.published:
                self.published = match.group(1)
        elif self._in_title:
            self.title = (self.title or "") + data.strip()
        elif not self._hidden:
            self.parts.append(data)


def html_to_text(markup: str) -> tuple[str, str | None, dt.date | None]:
    """Text, title and publication date of an HTML page, by our own tag walk: the fallback
    for pages too small for trafilatura's boilerplate model."""
    extractor = _TextExtractor()
    extractor.feed(markup)
    extractor.close()
    return "".join(extractor.parts), extractor.title, _iso_date(extractor.published)


def _iso_date(value: str | None) -> dt.date | None:
    match = re.search(r"\d{4}-\d{2}-\d{2}", value or "")
    if not match:
        return None
    try:
        return dt.date.fromisoformat(match.group(0))
    except ValueError:
        return None


def read_html(
    markup: str, name: str, default_date: dt.date | None, origin: str
) -> Article | InputError:
    """The main text and metadata of a news page: trafilatura separates the story from
    navigation, ads and boilerplate; small pages fall back to a plain tag walk."""
    import trafilatura

    extracted = trafilatura.bare_extraction(markup, with_metadata=True, include_comments=False)
    fields = extracted.as_dict() if extracted is not None else {}
    text, title, published = html_to_text(markup)
    if fields.get("text") and len(fields["text"]) >= 0.3 * len(text.strip()):
        text = fields["text"]
    return _article(
        name,
        text,
        title=fields.get("title") or title,
        url=fields.get("url"),
        source=fields.get("sitename"),
        date=_iso_date(fields.get("date")) or published or default_date,
        origin=origin,
    )


def read_feed(
    data: bytes, origin: str, default_date: dt.date | None
) -> Iterator[Article | InputError]:
    """Entries of an RSS or Atom feed: title and content (or summary) as the text."""
    import feedparser

    feed = feedparser.parse(data)
    readable = [e for e in feed.entries if e.get("title") or e.get("summary") or e.get("content")]
    if not readable:
        reason = getattr(feed, "bozo_exception", None) or "no entries"
        yield InputError(origin, f"unreadable feed: {reason}")
        return
    outlet = feed.feed.get("title")
    for number, entry in enumerate(readable, 1):
        where = f"{origin}#{number}"
        body = entry.get("content", [{}])[0].get("value") or entry.get("summary", "")
        text = html_to_text(body)[0] if "<" in body else body
        title = entry.get("title")
        parsed = entry.get("published_parsed") or entry.get("updated_parsed")
        date = dt.date(*parsed[:3]) if parsed else default_date
        article_id = entry.get("id") or entry.get("link") or where
        yield _article(
            str(article_id),
            f"{title}\n\n{text}" if title else text,
            title=title,
            url=entry.get("link"),
            source=outlet,
            date=date,
            origin=where,
        )


def read_csv(
    text: str, origin: str, default_date: dt.date | None
) -> Iterator[Article | InputError]:
    """One article per row; a ``text`` column is required, ``id``, ``title``, ``url``,
    ``source`` and ``date`` are used when present."""
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "text" not in reader.fieldnames:
        yield InputError(origin, f"CSV needs a 'text' column (found {reader.fieldnames})")
        return
    for number, row in enumerate(reader, 2):
        yield article_from_record(
            row,
            default_id=f"{Path(origin).name}:{number}",
            default_date=default_date,
            origin=f"{origin}:{number}",
        )


def decode(data: bytes) -> str:
    """Decode bytes that may be UTF-8, UTF-16 with a BOM, or cp1252; reject binary data."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data[:4096]:
        raise ValueError("binary content (NUL bytes); not a text article")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise ValueError(f"undecodable text: {error.reason} at byte {error.start}") from error


CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Unicode category Cc (C0 and C1 controls, DEL) but for tab and line feed."""


def normalise(text: str) -> str:
    """The text offsets point into: Unix line ends, control characters blanked (same length),
    trailing whitespace dropped. Nothing else moves, so offsets match the input file."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return CONTROL_CHARACTERS.sub(" ", text).rstrip()


def _article(
    article_id: str,
    raw: str,
    *,
    title: str | None = None,
    url: str | None = None,
    source: str | None = None,
    date: dt.date | None = None,
    origin: str,
) -> Article | InputError:
    text = normalise(raw)
    if not text.strip():
        return InputError(origin, "empty article: no text after normalisation")
    if len(text) > MAX_ARTICLE_CHARS:
        return InputError(
            origin,
            f"article too long: {len(text):,} characters "
            f"(limit {MAX_ARTICLE_CHARS:,}); split it first",
        )
    return Article(id=article_id, text=text, title=title, url=url, source=source, date=date)


def _date_or_error(value: object, origin: str) -> dt.date | InputError | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return InputError(origin, f"invalid date {value!r}: expected YYYY-MM-DD")


def parse_record_line(line: str, where: str) -> dict | InputError:
    """One JSON Lines record: an object with a string ``text``, or why it is not."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return InputError(where, f"malformed JSON: {error.msg}")
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        return InputError(where, "record needs a string field 'text'")
    return record


def article_from_record(
    record: Mapping[str, Any], *, default_id: str, default_date: dt.date | None, origin: str
) -> Article | InputError:
    """An article from a record of JSONL, CSV or a Spark row: ``text`` and optional ``id``,
    ``title``, ``url``, ``source`` and ``date`` (which wins over ``default_date``)."""
    date = _date_or_error(record.get("date"), origin)
    if isinstance(date, InputError):
        return date
    return _article(
        str(record.get("id") or default_id),
        record.get("text") or "",
        title=record.get("title") or None,
        url=record.get("url") or None,
        source=record.get("source") or None,
        date=date or default_date,
        origin=origin,
    )


def read_jsonl_lines(
    lines: Iterator[str], origin: str, default_date: dt.date | None
) -> Iterator[Article | InputError]:
    for number, line in enumerate(lines, 1):
        where = f"{origin}:{number}"
        if not line.strip():
            continue
        record = parse_record_line(line, where)
        if isinstance(record, InputError):
            yield record
            continue
        yield article_from_record(
            record,
            default_id=f"{Path(origin).name}:{number}",
            default_date=default_date,
            origin=where,
        )


def read_file(path: Path, default_date: dt.date | None) -> Iterator[Article | InputError]:
    origin = str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        yield InputError(origin, f"cannot read: {error.strerror or error}")
        return
    if path.suffix.lower() in FEED_SUFFIXES:
        yield from read_feed(data, origin, default_date)
        return
    try:
        text = decode(data)
    except ValueError as error:
        yield InputError(origin, str(error))
        return
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl_lines(iter(text.splitlines()), origin, default_date)
    elif suffix in HTML_SUFFIXES:
        # The page's own date is more precise than a batch-wide --date.
        yield read_html(text, path.name, default_date, origin)
    elif suffix in CSV_SUFFIXES:
        yield from read_csv(text, origin, default_date)
    else:
        yield _article(path.name, text, date=default_date, origin=origin)


def read_inputs(
    inputs: list[str], default_date: dt.date | None = None
) -> Iterator[Article | InputError]:
    """Articles from files, folders (recursively, in name order) and ``-`` for stdin."""
    for item in inputs:
        if item == "-":
            text = sys.stdin.read()
            stripped = text.lstrip()
            if stripped.startswith("{"):
                yield from read_jsonl_lines(iter(text.splitlines()), "stdin", default_date)
            else:
                yield _article("stdin", text, date=default_date, origin="stdin")
            continue
        path = Path(item)
        if path.is_dir():
            files = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in READABLE_SUFFIXES
                and not p.name.startswith(".")
            )
            for file in files:
                yield from read_file(file, default_date)
        elif path.exists():
            yield from read_file(path, default_date)
        else:
            yield InputError(item, "no such file or directory")
