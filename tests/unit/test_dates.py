"""Event dates: stated dates only, relative ones anchored on the article's date."""

from __future__ import annotations

import pytest

from kg_builder.extract.dates import event_date


def test_full_date_in_french() -> None:
    assert event_date("Le 24 février 2022, la Russie a envahi l'Ukraine.", "fr", None) == "2022-02-24"


def test_day_and_month_take_the_year_of_the_article() -> None:
    text = "Vladimir Putin si è recato in visita ad Astana giovedì 9 novembre."
    assert event_date(text, "it", "2023-11-10") == "2023-11-09"


def test_no_year_and_no_article_date_gives_no_date() -> None:
    assert event_date("Putin visited Astana on 9 November.", "en", None) is None


def test_month_alone_or_no_digits_is_not_a_date() -> None:
    assert event_date("Blinken came in March.", "en", "2023-05-01") is None
    assert event_date("In 2014 the Kremlin organized the spring.", "en", "2023-05-01") is None


def test_polish_date() -> None:
    assert event_date("Spotkanie odbyło się 3 marca 2023 roku w Astanie.", "pl", None) == "2023-03-03"


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "Russia attacked Kyiv on Monday.", "2024-03-04"),
        ("en", "The talks ended yesterday.", "2024-03-05"),
        ("fr", "La France a protesté lundi.", "2024-03-04"),
        ("de", "Am Montag griff Russland an.", "2024-03-04"),
        ("pl", "Rosja zaatakowała w poniedziałek.", "2024-03-04"),
        ("ru", "Россия напала в среду.", "2024-03-06"),  # Wednesday's paper: that day
        ("uk", "Росія напала вчора.", "2024-03-05"),
        ("es", "Rusia atacó el lunes.", "2024-03-04"),
        ("it", "La Russia ha attaccato lunedì.", "2024-03-04"),
    ],
)
def test_relative_dates_resolve_against_the_article_date(lang, text, expected) -> None:
    assert event_date(text, lang, "2024-03-06") == expected  # a Wednesday


def test_relative_dates_need_the_article_date() -> None:
    assert event_date("Russia attacked Kyiv on Monday.", "en", None) is None
