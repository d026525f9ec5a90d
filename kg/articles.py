"""Articles and the readers that turn files into them.

An :class:`Article` carries the exact text that is analysed; every character offset kg writes
indexes into ``Article.text``, which is stored in the graph as ``kg:text``. A plain-text file is
taken verbatim (its first non-empty line is the title); JSON Lines and HTML articles are laid out
as ``title + "\\n\\n" + body``.
"""

from __future__ import annotations

import codecs
import glob
import hashlib
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

from .errors import InputError

_Date = date  # the type, where a field named ``date`` shadows it
TEXT_SUFFIXES = {".txt", ".text"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES
#: the longest article analysed, in characters (spaCy's own default limit); more is refused
DEFAULT_MAX_CHARS = 1_000_000


@dataclass(frozen=True)
class Article:
    """One news article: its title, the full analysed text and optional metadata."""

    title: str
    text: str
    date: date | None = None
    source: str | None = None
    url: str | None = None
    file_name: str | None = None
    author: str | None = None

    @cached_property
    def content_hash(self) -> str:
        """sha256 of the analysed text (hex)."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @cached_property
    def key(self) -> str:
        """The stable identity of the article: its URL when known, else its content."""
        basis = f"url:{self.url}" if self.url else f"text:{self.content_hash}"
        return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]

    @classmethod
    def from_parts(
        cls,
        title: str,
        body: str,
        *,
        date: _Date | str | None = None,
        source: str | None = None,
        url: str | None = None,
        file_name: str | None = None,
        author: str | None = None,
    ) -> Article:
        """Build an article from a headline and a body (laid out as ``title\\n\\nbody``)."""
        title = _clean(title).strip()
        body = _clean(body).strip("\n")
        text = f"{title}\n\n{body}" if title else body
        return cls(
            title=title or _first_line(body),
            text=text,
            date=parse_date(date),
            source=source or None,
            url=url or None,
            file_name=file_name,
            author=author or None,
        )

    @classmethod
    def from_text(cls, text: str, *, date: _Date | str | None = None, **meta: Any) -> Article:
        """Build an article from raw text whose first non-empty line is the title."""
        text = _clean(text)
        return cls(title=_first_line(text), text=text, date=parse_date(date), **meta)


def parse_date(value: date | str | None) -> date | None:
    """Parse ``YYYY-MM-DD`` (or a longer ISO timestamp); ``None`` and ``""`` give ``None``."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise InputError(
            f"invalid date {value!r}: write it as YYYY-MM-DD, e.g. 2022-04-22"
        ) from None


#: control characters other than tab and newlines; each becomes a space (offsets are kept)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    return _CONTROL.sub(" ", text)


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


#: byte-order marks and the encodings they announce (UTF-32 first: its LE mark starts like UTF-16's)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _looks_binary(sample: bytes) -> bool:
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return b"\x00\x00" in sample or controls > len(sample) // 10


def _decode(path: Path) -> str:
    """The file's text: UTF-8, or UTF-8/16/32 announced by a byte-order mark. Anything else is
    refused with a message saying how to convert it (guessing an encoding silently corrupts
    names, and names are what kg extracts)."""
    data = path.read_bytes()
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{path}: starts with a {encoding} byte-order mark but is not "
                    f"valid {encoding} (byte {exc.start})"
                ) from None
    if _looks_binary(data[:4096]):
        raise InputError(f"{path}: looks like a binary file, not text; skip it or convert it")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: not valid UTF-8 (byte {exc.start}); re-encode it, e.g. "
            f"`iconv -f latin1 -t utf-8 {path.name}`"
        ) from None


def read_text(path: Path, *, default_date: date | None = None) -> Article:
    """Read a plain-text article: first line is the title, the file is analysed verbatim."""
    text = _decode(path)
    if not text.strip():
        raise InputError(f"{path}: the file is empty")
    return Article.from_text(text, date=default_date, file_name=path.name)


def read_html(path: Path, *, default_date: date | None = None) -> Article:
    """Read an HTML page; trafilatura extracts the main text, title, date, site name, URL and
    author from the page and its metadata."""
    import trafilatura

    html = _decode(path)
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    if doc is None:
        raise InputError(f"{path}: no article text found in this HTML page")
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    body = data.get("text") or ""
    if not body.strip():
        raise InputError(f"{path}: no article text found in this HTML page")
    return Article.from_parts(
        data.get("title") or "",
        body,
        date=_safe_date(data.get("date")) or default_date,
        source=data.get("sitename") or None,
        url=data.get("url") or None,
        file_name=path.name,
        author=data.get("author") or None,
    )


def _safe_date(value: Any) -> date | None:
    try:
        return parse_date(value)
    except InputError:
        return None


def read_jsonl(path: Path, *, default_date: date | None = None) -> Iterator[Article | InputError]:
    """Read one article per line (keys: title, text, date, source, url, author).

    Each article's ``file_name`` is ``FILE:LINE``. A bad line (not JSON, not UTF-8, no text)
    is yielded as an :class:`InputError` naming the file and line; the other lines are still
    read.
    """
    with path.open("rb") as handle:
        for lineno, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield InputError(
                    f"{path}:{lineno}: not valid UTF-8 (byte {exc.start}); re-encode it"
                )
                continue
            try:
                yield _article_from_record(json.loads(line), path, default_date, lineno)
            except (json.JSONDecodeError, InputError, TypeError, AttributeError) as exc:
                yield InputError(f"{path}:{lineno}: {exc}")


def _article_from_record(
    record: Any, path: Path, default_date: date | None, lineno: int
) -> Article:
    if not isinstance(record, dict):
        raise InputError("expected a JSON object with at least a 'text' key")
    text = record.get("text") or record.get("body") or ""
    if not isinstance(text, str) or not text.strip():
        raise InputError("the record has no 'text'")
    return Article.from_parts(
        str(record.get("title") or ""),
        text,
        date=parse_date(record.get("date")) or default_date,
        source=_text_or_none(record.get("source")),
        url=_text_or_none(record.get("url")),
        file_name=f"{path.name}:{lineno}",
        author=_author(record.get("author") or record.get("authors")),
    )


def _text_or_none(value: Any) -> str | None:
    return str(value).strip() or None if value not in (None, "") else None


def _author(value: Any) -> str | None:
    """``"A"``, ``["A", "B"]`` → ``"A"``, ``"A; B"``."""
    if isinstance(value, list):
        names = [str(v).strip() for v in value if str(v).strip()]
        return "; ".join(names) or None
    return _text_or_none(value)


def iter_paths(paths: Iterable[str | Path]) -> Iterator[Path | str]:
    """Expand folders (recursively, sorted) and globs (``news/**/*.txt``, for shells that do
    not) into supported files; ``-`` stands for stdin."""
    for raw in paths:
        if str(raw) == "-":
            yield "-"
            continue
        path = Path(raw)
        if not path.exists() and any(c in str(raw) for c in "*?["):
            matches = sorted(glob.glob(str(raw), recursive=True))
            if matches:
                yield from iter_paths(
                    m
                    for m in matches
                    if Path(m).is_dir() or Path(m).suffix.lower() in SUPPORTED_SUFFIXES
                )
                continue
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
            )
        else:
            yield path


def too_long(name: str, chars: int, max_chars: int) -> InputError:
    return InputError(
        f"{name}: the article has {chars:,} characters, more than the limit of {max_chars:,}; "
        "split it, or raise the limit with --max-chars (memory grows with it)"
    )


def _check_size(path: Path, max_chars: int | None) -> None:
    # UTF-8 takes at most 4 bytes a character: a file this big cannot fit, so it is not read
    if max_chars is not None and path.stat().st_size > 4 * max_chars:
        raise InputError(
            f"{path}: the file is {path.stat().st_size:,} bytes, more than an article of at most "
            f"{max_chars:,} characters can be; split it, or raise the limit with --max-chars"
        )


def iter_articles(
    paths: Iterable[str | Path],
    *,
    default_date: date | None = None,
    max_chars: int | None = DEFAULT_MAX_CHARS,
) -> Iterator[Article | InputError]:
    """Read every article under ``paths``; failures are yielded as errors, never raised.

    An article longer than ``max_chars`` characters is an error (``None``: no limit); files
    too large to hold such an article are refused without being read.
    """
    for article in _iter_articles(paths, default_date, max_chars):
        if max_chars is not None and isinstance(article, Article) and len(article.text) > max_chars:
            yield too_long(article.file_name or article.title[:60], len(article.text), max_chars)
        else:
            yield article


def _iter_articles(
    paths: Iterable[str | Path], default_date: date | None, max_chars: int | None = None
) -> Iterator[Article | InputError]:
    for path in iter_paths(paths):
        if path == "-":
            text = sys.stdin.read()
            if text.strip():
                yield Article.from_text(text, date=default_date, file_name="<stdin>")
            else:
                yield InputError("<stdin>: no text on standard input")
            continue
        assert isinstance(path, Path)
        if not path.exists():
            yield InputError(f"{path}: no such file or folder")
            continue
        suffix = path.suffix.lower()
        try:
            if suffix not in JSONL_SUFFIXES:
                _check_size(path, max_chars)
            if suffix in JSONL_SUFFIXES:
                yield from read_jsonl(path, default_date=default_date)
            elif suffix in HTML_SUFFIXES:
                yield read_html(path, default_date=default_date)
            else:
                yield read_text(path, default_date=default_date)
        except InputError as exc:
            yield exc
        except OSError as exc:
            yield InputError(f"{path}: {exc.strerror or exc}")


def with_date(article: Article, value: date | None) -> Article:
    """Return ``article`` with ``value`` as its date when it has none."""
    return article if article.date or value is None else replace(article, date=value)
