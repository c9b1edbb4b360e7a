"""Event dates stated in a sentence, resolved with dateparser relative to the article's date.

Candidates are found with the language's own month and weekday names from CLDR
(babel) and a few words for "yesterday" and "today", so only real "day month
[year]", "month day[, year]", "on Monday", "lundi", "w poniedziałek" or
"вчера" expressions reach dateparser; its free-text search mistakes too many
numbers for dates. Relative expressions need the article's date.

dateparser is imported on the first candidate: importing its search module
builds every language's locale map (about 0.2 s of CPU), which a build whose
sentences state no date never needs.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache, lru_cache

from babel.dates import get_day_names, get_month_names

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


#: "yesterday" and "today" in each language (weekday names come from CLDR).
_RELATIVE_WORDS = {
    "en": ("yesterday", "today"),
    "fr": ("hier", "aujourd'hui", "aujourd’hui"),
    "de": ("gestern", "heute"),
    "es": ("ayer", "hoy"),
    "it": ("ieri", "oggi"),
    "pl": ("wczoraj", "dzisiaj", "dziś"),
    "ru": ("вчера", "сегодня"),
    "uk": ("вчора", "сьогодні"),
}
_SLAVIC = frozenset({"pl", "ru", "uk"})


@cache
def _relative_pattern(lang: str) -> re.Pattern[str]:
    days = {n.lower() for ctx in ("format", "stand-alone") for n in get_day_names("wide", ctx, lang).values()}
    # Slavic weekdays change their ending with case ("в среду", "we środę"): match the stem.
    parts = [re.escape(d[:-1]) + r"\w{0,2}" if lang in _SLAVIC else re.escape(d) for d in days]
    parts += [re.escape(w) for w in _RELATIVE_WORDS.get(lang, ())]
    return re.compile(rf"\b(?:{'|'.join(sorted(parts, key=len, reverse=True))})\b", re.IGNORECASE)


def _relative_date(sentence: str, lang: str, base: dt.datetime, settings: dict) -> str | None:
    """'on Monday', 'hier', 'w poniedziałek' against the article's date (dateparser's search_dates)."""
    match = _relative_pattern(lang).search(sentence)
    if match is None:
        return None
    from dateparser.search import search_dates

    found = search_dates(match.group(0), languages=[lang], settings=settings)
    if not found:
        return None
    day = found[0][1].date()
    if (base.date() - day).days == 7:
        day = base.date()  # "on Wednesday" in Wednesday's paper is that day, not a week ago
    return day.isoformat()


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
        import dateparser

        value = dateparser.parse(text, languages=[lang], settings=settings)
        if value is not None:
            return value.date().isoformat()
    if base is not None and lang in _RELATIVE_WORDS:
        return _relative_date(sentence, lang, base, settings)
    return None
