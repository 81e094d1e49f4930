"""Read stage: turn files, directories and stdin into ``RawArticle`` objects.

Formats: ``.txt`` (one article a file), ``.jsonl`` (one article a line, streamed), ``.html``/``.htm``
(main text and metadata through trafilatura), directories (recursively) and ``-`` for stdin.
Bad input never stops a batch: it becomes a ``Problem`` naming the file and line, and reading
goes on with the next line or file.
"""
from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from datetime import date as _date
from pathlib import Path
from typing import IO, Iterable, Iterator

from ..record import RawArticle

TEXT_SUFFIXES = {".txt", ".text"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES
MAX_FILE_BYTES = 20_000_000        # a single .txt/.html article larger than this is refused
MAX_LINE_BYTES = 20_000_000        # a single JSONL line larger than this is refused
_DATE_PREFIX = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*\r?\n?")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(slots=True)
class Problem:
    """Input that could not be read; ``origin`` is "path" or "path:line"."""
    origin: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


def read_paths(paths: Iterable[str | Path], default_date: str | None = None) -> Iterator[RawArticle | Problem]:
    """Yield articles and problems from files, directories and ``-`` (stdin), in order."""
    for p in paths:
        if str(p) == "-":
            yield from read_stream(sys.stdin.buffer, "<stdin>", default_date)
            continue
        path = Path(p)
        if path.is_dir():
            files = sorted(f for f in path.rglob("*") if f.is_file() and f.suffix.lower() in KNOWN_SUFFIXES)
            if not files:
                yield Problem(str(path), "directory holds no .txt, .jsonl or .html files")
            for f in files:
                yield from read_file(f, default_date)
        elif path.exists():
            yield from read_file(path, default_date)
        else:
            yield Problem(str(path), "no such file or directory")


def read_file(path: Path, default_date: str | None = None) -> Iterator[RawArticle | Problem]:
    suffix = path.suffix.lower()
    origin = str(path)
    if suffix in JSONL_SUFFIXES:
        try:
            with path.open("rb") as fh:
                yield from read_jsonl(fh, origin, default_date)
        except OSError as exc:
            yield Problem(origin, f"cannot read: {exc.strerror or exc}")
        return
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            yield Problem(origin, f"file is {size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit for one article")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Problem(origin, f"cannot read: {exc.strerror or exc}")
        return
    if suffix in HTML_SUFFIXES:
        yield from _html_article(data, origin, path.stem, default_date)
    else:
        yield from _text_article(data, origin, path.stem, default_date)


def read_stream(fh: IO[bytes], origin: str, default_date: str | None = None) -> Iterator[RawArticle | Problem]:
    """Stdin and other streams: JSONL if the first non-blank byte is ``{``, HTML if ``<``, else text."""
    head = fh.peek(64)[:64] if hasattr(fh, "peek") else b""
    first = head.lstrip()[:1]
    if first == b"{":
        yield from read_jsonl(fh, origin, default_date)
        return
    data = fh.read()
    if data.lstrip()[:1] == b"<":
        yield from _html_article(data, origin, "stdin", default_date)
    else:
        yield from _text_article(data, origin, "stdin", default_date)


def read_jsonl(fh: IO[bytes], origin: str, default_date: str | None = None) -> Iterator[RawArticle | Problem]:
    """One article per line; blank lines are skipped, bad lines become problems."""
    stem = Path(origin).stem
    for lineno, raw in enumerate(fh, 1):
        where = f"{origin}:{lineno}"
        if len(raw) > MAX_LINE_BYTES:
            yield Problem(where, f"line is {len(raw):,} bytes, over the {MAX_LINE_BYTES:,}-byte limit")
            continue
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield Problem(where, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1})")
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Problem(where, f"malformed JSON: {exc.msg} at column {exc.colno}")
            continue
        if not isinstance(obj, dict):
            yield Problem(where, f"expected a JSON object, found {type(obj).__name__}")
            continue
        text = obj.get("text")
        if not isinstance(text, str):
            yield Problem(where, "no \"text\" string in this object" if text is None else "\"text\" is not a string")
            continue
        art = RawArticle(text=text, doc_id=_str_or_none(obj.get("id")) or f"{stem}:{lineno}",
                         title=_str_or_none(obj.get("title")), url=_str_or_none(obj.get("url")),
                         source=_str_or_none(obj.get("source")), origin=where)
        art.date = _article_date(obj.get("date"), art, default_date)
        yield art


def _text_article(data: bytes, origin: str, stem: str, default_date: str | None) -> Iterator[RawArticle | Problem]:
    text, note = _decode(data)
    if text is None:
        yield Problem(origin, note)
        return
    art = RawArticle(text=text, doc_id=stem, origin=origin)
    if note:
        art.warnings.append(f"{origin}: {note}")
    m = _DATE_PREFIX.match(text)
    given = None
    if m:
        given = m.group(1)
        art.text = text[m.end():]
    art.date = _article_date(given, art, default_date)
    yield art


def _html_article(data: bytes, origin: str, stem: str, default_date: str | None) -> Iterator[RawArticle | Problem]:
    if b"\x00" in data[:4096]:
        yield Problem(origin, "binary content, not HTML")
        return
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(data, with_metadata=True, include_comments=False,
                                          include_tables=False, favor_precision=True)
    except Exception as exc:  # trafilatura/lxml raise many types on broken markup
        yield Problem(origin, f"cannot extract text from HTML: {exc}")
        return
    body = getattr(doc, "text", None) if doc is not None else None
    if not body or not body.strip():
        yield Problem(origin, "no article text found in the HTML")
        return
    art = RawArticle(text=body, doc_id=stem, title=getattr(doc, "title", None),
                     url=getattr(doc, "url", None), source=getattr(doc, "sitename", None), origin=origin)
    art.date = _article_date(getattr(doc, "date", None), art, default_date)
    yield art


def _decode(data: bytes) -> tuple[str | None, str]:
    """Text and a note; text is None when the bytes are not text at all."""
    if not data.strip():
        return "", ""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, "binary content (NUL bytes), not text"
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), ""
    try:
        return data.decode("utf-8"), ""
    except UnicodeDecodeError as exc:
        bad = f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return None, bad + " and no other text encoding fits"
    return str(best), f"{bad}; decoded as {best.encoding}"


def _article_date(value, art: RawArticle, default_date: str | None) -> str | None:
    if value in (None, ""):
        return default_date
    text = str(value).strip()
    m = _ISO_DAY.match(text)
    if m:
        try:
            _date.fromisoformat(m.group(0))
            return m.group(0)
        except ValueError:
            pass
    art.warnings.append(f"{art.origin}: date {text[:40]!r} is not YYYY-MM-DD; "
                        + (f"using {default_date}" if default_date else "article has no date"))
    return default_date


def _str_or_none(value) -> str | None:
    if value is None:
        return None
    return str(value)
