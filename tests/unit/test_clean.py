"""Removing page furniture and stray markup (kg_builder.ingest.clean)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg_builder.ingest import clean_text
from kg_builder.models import normalize_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest" / "txt"

# Per fixture: sentences of the article that must survive, and furniture that must not.
CASES = {
    "en_wordpress.txt": (
        [
            "Finland and Norway agree to build a joint Arctic railway terminal",
            "The transport ministers of Finland and Norway signed an agreement on Tuesday",
            "“This line will carry ore and timber to the coast within five years,” the Finnish",
            "Russia criticised the plan.",
            "most of it paid by the European Union’s infrastructure fund.",
        ],
        ["Home »", "Written by", "Facebook", "Pinterest", "Leave a Comment", "Akismet"],
    ),
    "pl_captions.txt": (
        [
            "Litwa zamyka dwa przejścia graniczne z Białorusią",
            "Rząd Litwy zdecydował w środę o zamknięciu dwóch przejść granicznych",
            "Mińsk zapowiedział kroki odwetowe i wezwał litewskiego ambasadora.",
            "ruch towarowy zostanie przeniesiony na przejście w Miednikach.",
        ],
        [
            "Dodano",
            "Minister spraw wewnętrznych Litwy",
            "Źródło",
            "Czytaj",
            "Łotwa wzmacnia ochronę",
            "Estonia analizuje",
        ],
    ),
    "it_markup.txt": (
        [
            "Il governo greco firma un accordo energetico con l'Egitto",
            "Atene e il Cairo hanno firmato ieri un accordo per la costruzione di un cavo",
            "ha definito l'intesa «storica» per l'intera regione. Il progetto costerà",
            "Ne ha parlato il portavoce del governo, durante una conferenza stampa ad Atene.",
            "La Turchia ha protestato contro il tracciato del cavo, che attraversa",
        ],
        ["< /p>", "<br>", "&nbsp;", "&laquo;", " > ", "()", "Argomenti simili", "Altre notizie"],
    ),
    "fr_teasers.txt": (
        [
            "Le Sénégal et la Mauritanie inaugurent un champ gazier commun",
            "Le président sénégalais a inauguré samedi, avec son homologue mauritanien",
            "la production devrait atteindre deux millions de tonnes par an",
            "Les deux gouvernements ont promis de partager les revenus à parts égales.",
        ],
        [
            "Lire aussi",
            "gazoduc vers le Nigeria",
            "Photo",
            "Partager",
            "WhatsApp",
            "Sur le même sujet",
            "cacao",
            "Zambie",
        ],
    ),
    "de_bylines.txt": (
        [
            "Österreich und Ungarn streiten über Grenzkontrollen",
            "Die österreichische Regierung hat am Montag angekündigt",
            "Budapest nannte die Entscheidung einen Verstoß gegen die Regeln",
            "Der ungarische Außenminister drohte mit einer Klage",
            "Die EU-Kommission will beide Seiten in der kommenden Woche",
        ],
        ["Von Anna Berger", "Stand:", "Anzeige", "Lesen Sie auch", "Mehr zum Thema", "stockt"],
    ),
    "es_footer.txt": (
        [
            "Colombia y Venezuela reabren el puente fronterizo de Cúcuta",
            "Los gobiernos de Colombia y Venezuela reabrieron este sábado",
            "El paso estuvo cerrado al tráfico de vehículos durante casi siete años.",
            "Los transportistas celebraron la decisión",
        ],
        ["Por Juan", "Publicado", "Lee también", "Noticias relacionadas", "arroz", "comentario"],
    ),
    "ru_comments.txt": (
        [
            "Казахстан и Узбекистан подписали соглашение о водных ресурсах",
            "Президенты Казахстана и Узбекистана подписали в среду соглашение",
            "Документ предусматривает создание совместной комиссии",
            "По словам министра водного хозяйства, соглашение позволит избежать",
        ],
        [
            "Реклама",
            "Фото",
            "Читайте также",
            "гидроэлектростанцию",
            "Ctrl+Enter",
            "Иван",
            "Ответить",
        ],
    ),
    "uk_breadcrumb.txt": (
        [
            "Молдова отримає від ЄС новий пакет фінансової допомоги",
            "Європейська комісія схвалила у четвер новий пакет",
            "Кошти спрямують на підтримку енергетичної безпеки",
            "Прем'єр-міністр Молдови подякував європейським партнерам за підтримку.",
        ],
        ["Головна /", "Автор", "Дивіться також", "Румунія", "Telegram", "Поділитися", "Facebook"],
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_furniture_removed_and_sentences_kept(name: str) -> None:
    kept, gone = CASES[name]
    cleaned = clean_text((FIXTURES / name).read_text(encoding="utf-8"))
    for sentence in kept:
        assert sentence in cleaned, f"lost content: {sentence!r}\n---\n{cleaned}"
    for furniture in gone:
        assert furniture not in cleaned, f"furniture left: {furniture!r}\n---\n{cleaned}"


@pytest.mark.parametrize("name", sorted(CASES))
def test_title_is_first_paragraph_once(name: str) -> None:
    cleaned = clean_text((FIXTURES / name).read_text(encoding="utf-8"))
    paragraphs = cleaned.split("\n")
    title = CASES[name][0][0]
    assert paragraphs[0] == title
    assert paragraphs.count(title) == 1


@pytest.mark.parametrize("name", sorted(CASES))
def test_clean_is_normalized_and_idempotent(name: str) -> None:
    cleaned = clean_text((FIXTURES / name).read_text(encoding="utf-8"))
    assert cleaned == normalize_text(cleaned)
    assert clean_text(cleaned) == cleaned


@pytest.mark.parametrize(
    "line",
    [
        "Facebook Twitter LinkedIn Pinterest WhatsApp Telegram Email Print",
        "Share on Facebook",
        "Udostępnij na Facebooku",
        "Condividi su WhatsApp",
        "Поделиться",
        "Click to share on X (Opens in new window)",
        "Leave a Reply",
        "Lascia un commento",
        "Комментарии (12)",
        "Photo: Reuters",
        "Źródło: Moscow Times / Ukrainska Pravda",
        "Фото: EPA/UPG",
        "File - Soldiers near the river in the eastern region.",
        "Dodano:",
        "Aktualizacja: 12.05.2024, 10:32",
        "Published 9 November 2023",
        "Tags: Russia, Kazakhstan",
        "Advertisement",
        "Reklama",
        "By Jane Doe",
        "Escrito por Ana Gómez",
        "Follow us on Twitter",
        "Home | World | Europe",
        "* * *",
    ],
)
def test_furniture_line_in_the_body_is_dropped(line: str) -> None:
    body = (
        "Lithuania and Poland sign a gas deal\n"
        "The two governments signed the agreement in Vilnius on Monday.\n"
        f"{line}\n"
        "The pipeline will double the capacity of the existing link, the ministers said."
    )
    cleaned = clean_text(body)
    assert line not in cleaned
    assert cleaned.split("\n") == [
        "Lithuania and Poland sign a gas deal",
        "The two governments signed the agreement in Vilnius on Monday.",
        "The pipeline will double the capacity of the existing link, the ministers said.",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Facebook said on Monday that it had removed hundreds of fake accounts.",
        "Read more books, the minister told pupils in Warsaw.",
        "By Monday, all the troops had left the border area.",
        "Source: the ministry of defence did not confirm the report.",
        "Le contexte:",
        "Reakcja Putina i Łukaszenki",
        "Russia criticised the plan.",
        "Telegram channels close to the Kremlin spread the claim within hours.",
        "Related documents were handed to the prosecutor.",
    ],
)
def test_real_content_is_kept(sentence: str) -> None:
    text = (
        f"Title of the story\n{sentence}\nThe government said the talks would continue next week in Geneva."
    )
    assert sentence in clean_text(text).split("\n")


def test_related_box_in_the_middle_does_not_cut_the_body() -> None:
    text = (
        "США готовятся к выборам\n"
        "Первый абзац статьи о выборах в Конгресс, который объясняет ситуацию.\n"
        "Новости по теме\n"
        "Второй абзац статьи: кандидаты от обеих партий уверены в победе на выборах.\n"
        "Третий абзац статьи: результаты будут известны только через несколько дней."
    )
    cleaned = clean_text(text)
    assert "Новости по теме" not in cleaned
    assert "Второй абзац статьи" in cleaned
    assert "Третий абзац статьи" in cleaned


def test_teaser_in_the_middle_drops_only_the_teaser() -> None:
    text = (
        "Prezydent spotkał się z premierem\n"
        "Prezydent i premier rozmawiali w środę o budżecie na przyszły rok.\n"
        "Czytaj też:\n"
        "Nowy minister finansów zapowiada zmiany\n"
        "Po spotkaniu rzecznik rządu powiedział, że rozmowy były konstruktywne.\n"
        "Zobacz także: Sejm przyjął ustawę o obronie\n"
        "Kolejne spotkanie zaplanowano na przyszły tydzień."
    )
    assert clean_text(text).split("\n") == [
        "Prezydent spotkał się z premierem",
        "Prezydent i premier rozmawiali w środę o budżecie na przyszły rok.",
        "Po spotkaniu rzecznik rządu powiedział, że rozmowy były konstruktywne.",
        "Kolejne spotkanie zaplanowano na przyszły tydzień.",
    ]


def test_end_marker_drops_comments_after_the_body() -> None:
    body = " ".join(["The parliament approved the budget after a long debate."] * 10)
    text = (
        f"Budget approved\n{body}\nComments\n"
        "I think this is a terrible decision and the ministers should resign.\n"
        "Reply\n"
        "Nonsense, the budget is fine and the opposition knows it very well."
    )
    cleaned = clean_text(text)
    assert cleaned == f"Budget approved\n{body}"


def test_headlines_after_source_link_are_dropped() -> None:
    text = (
        "Moldova signs a deal\n"
        "Moldova signed a deal with Romania on electricity imports on Friday.\n"
        "Source link\n"
        "Written by Editor\n"
        "Australia confirms the death of one of its citizens in Ukraine\n"
        "The new phone has a folding screen for more than 200 places"
    )
    assert clean_text(text).split("\n") == [
        "Moldova signs a deal",
        "Moldova signed a deal with Romania on electricity imports on Friday.",
    ]


def test_breadcrumb_keeps_a_title_that_is_not_repeated() -> None:
    text = "Home » World » Serbia and Kosovo agree on licence plates\nBoth sides signed in Brussels."
    assert clean_text(text).split("\n") == [
        "Serbia and Kosovo agree on licence plates",
        "Both sides signed in Brussels.",
    ]


def test_caption_printed_twice_with_credit_is_dropped() -> None:
    text = (
        "Titel\n"
        "Olaf Scholz, Bundeskanzler\n"
        "Olaf Scholz, Bundeskanzler Foto: dpa\n"
        "Der Bundeskanzler hat am Dienstag die Ukraine besucht."
    )
    assert clean_text(text).split("\n") == [
        "Titel",
        "Der Bundeskanzler hat am Dienstag die Ukraine besucht.",
    ]


def test_markup_and_entities() -> None:
    text = (
        "Title &amp; more\n"
        "<p>The minister&#8217;s plan&nbsp;was approved.</p><br/>\n"
        "It was &amp;nbsp;signed by Poland &gt; and Lithuania\u200b.\n"
        "Mayor of Vilnius () – the city will pay 3 < 4 million euros."
    )
    assert clean_text(text).split("\n") == [
        "Title & more",
        "The minister’s plan was approved.",
        "It was signed by Poland and Lithuania.",
        "Mayor of Vilnius – the city will pay 3 < 4 million euros.",
    ]


def test_hard_wrapped_text_is_joined_into_paragraphs() -> None:
    text = (
        "Wire story\n\n"
        "The foreign ministers of the three Baltic states met in Riga on\n"
        "Thursday to discuss a joint purchase of air defence systems, the\n"
        "Latvian foreign ministry said in a statement after the meeting.\n\n"
        "The ministers also agreed to coordinate their positions before the\n"
        "next summit of the alliance, which will take place in the summer.\n"
    )
    assert clean_text(text).split("\n") == [
        "Wire story",
        "The foreign ministers of the three Baltic states met in Riga on Thursday to discuss a "
        "joint purchase of air defence systems, the Latvian foreign ministry said in a statement "
        "after the meeting.",
        "The ministers also agreed to coordinate their positions before the next summit of the "
        "alliance, which will take place in the summer.",
    ]


def test_nothing_left() -> None:
    assert clean_text("Facebook\nTwitter\n\n<br>\n&nbsp;") == ""
    assert clean_text("") == ""
