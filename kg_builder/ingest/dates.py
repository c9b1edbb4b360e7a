"""Publication dates from metadata fields, as ISO 8601 dates."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from typing import Any

__all__ = ["to_iso_date"]

_ISO_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}")
# 1970-01-01 is what a zero timestamp prints: a placeholder for "unknown".
_EPOCH = date(1970, 1, 1)
# Relative expressions ("yesterday", "2 hours ago") depend on when the file is
# read, so they are not dates of the article.
_DATEPARSER_SETTINGS = {
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PREFER_DAY_OF_MONTH": "first",
    "RETURN_AS_TIMEZONE_AWARE": False,
}


def to_iso_date(value: Any) -> str | None:
    """Return ``value`` as ``YYYY-MM-DD`` when it is a recognisable date, else ``None``.

    Accepts ISO 8601 strings (the date is taken as written, without a time
    zone shift), RFC 2822 strings (RSS), UNIX timestamps in seconds or
    milliseconds, dotted day.month.year dates, and free-form dates in many
    languages ("9 novembre 2023"; ambiguous slashed dates follow dateparser,
    month first).
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return _from_timestamp(float(value))
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    parsed = _parse_iso(text) or _parse_rfc2822(text)
    if parsed is None and re.fullmatch(r"\d{9,13}(?:\.\d+)?", text):
        return _from_timestamp(float(text))
    if parsed is None:
        parsed = _parse_dotted(text)
    if parsed is None:
        parsed = _parse_free(text)
    if parsed is None or parsed == _EPOCH:
        return None
    return parsed.isoformat()


def _from_timestamp(seconds: float) -> str | None:
    if seconds >= 1e11:  # milliseconds
        seconds /= 1000
    if seconds <= 0:
        return None
    try:
        return datetime.fromtimestamp(seconds, tz=UTC).date().isoformat()
    except (OverflowError, OSError, ValueError):
        return None


def _parse_iso(text: str) -> date | None:
    if not _ISO_PREFIX.match(text):
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            return None


def _parse_rfc2822(text: str) -> date | None:
    if not re.match(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}", text):
        return None
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None


_DOTTED = re.compile(r"^(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4}|\d{2})\b")


def _parse_dotted(text: str) -> date | None:
    """'12.05.2024' is day.month.year wherever dots are used (never month first)."""
    match = _DOTTED.match(text)
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    if year < 100:
        year += 2000 if year < 70 else 1900
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _parse_free(text: str) -> date | None:
    if len(text) > 64 or not re.search(r"\d", text):
        return None
    import dateparser  # slow to import; only free-form dates need it

    parsed = dateparser.parse(text, settings=_DATEPARSER_SETTINGS)
    return parsed.date() if parsed is not None else None
