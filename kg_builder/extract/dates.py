"""Event dates stated in a sentence, resolved with dateparser relative to the article's date.

Candidates are found with the language's own month names from CLDR (babel),
so only real "day month [year]" or "month day[, year]" expressions reach
dateparser; its free-text search mistakes too many numbers for dates.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache, lru_cache

import dateparser
from babel.dates import get_month_names

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


@cache
def _pattern(lang: str) -> re.Pattern[str]:
    names: set[str] = set()
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            names.update(n.lower().rstrip(".") for n in get_month_names(width, context, lang).values())
    months = "|".join(sorted((re.escape(n) for n in names if len(n) >= 3), key=len, reverse=True))
    return re.compile(
        rf"\b(?:\d{{1,2}}\.?\s+(?:{months})\.?(?:\s+\d{{4}})?|(?:{months})\.?\s+\d{{1,2}}(?:,?\s+\d{{4}})?)\b",
        re.IGNORECASE,
    )


@lru_cache(maxsize=4096)
def event_date(sentence: str, lang: str, published: str | None) -> str | None:
    """The first day-precise date in ``sentence`` as ISO ``YYYY-MM-DD``, or None.

    "giovedì 9 novembre" takes its year from the article's publication date
    (``published``); without one, only dates that state their year count, so
    a date is never guessed from today's clock.
    """
    base = dt.datetime.fromisoformat(published) if published else None
    settings: dict = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if base is not None:
        settings["RELATIVE_BASE"] = base
    for match in _pattern(lang).finditer(sentence):
        text = match.group(0)
        if base is None and not _YEAR.search(text):
            continue
        value = dateparser.parse(text, languages=[lang], settings=settings)
        if value is not None:
            return value.date().isoformat()
    return None
