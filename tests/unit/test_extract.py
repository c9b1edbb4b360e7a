"""The rule-based extractor on short sentences in every supported language.

None of these sentences is from the sample articles: they check the general
machinery (voice, coordination, nominalisation, negation, modality, roles).
"""

from __future__ import annotations

import pytest

from kg_builder.actors import default_dictionary
from kg_builder.extract.rules import RuleBasedExtractor
from kg_builder.models import Article, content_hash
from kg_builder.nlp import get_pipeline


@pytest.fixture(scope="module")
def extractor() -> RuleBasedExtractor:
    return RuleBasedExtractor(actors=default_dictionary())


def triples(extractor, lang: str, text: str, published: str | None = None) -> set[tuple]:
    article = Article(id=content_hash(text), text=text, source="t", lang=lang, published=published)
    result = extractor.extract(get_pipeline(lang)(text), article)
    labels = {m.key: m.label for m in result.mentions}
    return {
        (
            labels.get(a.subject, a.subject),
            a.predicate,
            labels.get(a.object, a.object),
            a.polarity,
            a.modality,
        )
        for a in result.assertions
    }


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        (
            "en",
            "Moscow attacked Georgia and Ukraine.",
            {("Russia", "attacks", "Georgia"), ("Russia", "attacks", "Ukraine")},
        ),
        ("en", "Ukraine was attacked by Russia.", {("Russia", "attacks", "Ukraine")}),
        ("en", "The Russian invasion of Ukraine began in 2022.", {("Russia", "invades", "Ukraine")}),
        ("fr", "La Pologne a critiqué la Hongrie.", {("Poland", "criticizes", "Hungary")}),
        ("it", "L'Italia ha condannato l'invasione russa dell'Ucraina.", {("Russia", "invades", "Ukraine")}),
        ("pl", "Polska skrytykowała Węgry.", {("Poland", "criticizes", "Hungary")}),
        ("de", "Russland hat die Ukraine angegriffen.", {("Russia", "attacks", "Ukraine")}),
        ("es", "Rusia invadió Ucrania.", {("Russia", "invades", "Ukraine")}),
        (
            "ru",
            "Путин встретился с Токаевым в Астане.",
            {("Vladimir Putin", "meets", "Kassym-Jomart Tokayev")},
        ),
        ("uk", "Зеленський зустрівся з Байденом.", {("Volodymyr Zelensky", "meets", "Joe Biden")}),
    ],
)
def test_relations_in_every_language(extractor, lang, text, expected) -> None:
    found = {t[:3] for t in triples(extractor, lang, text)}
    assert expected <= found, found


@pytest.mark.parametrize(
    ("lang", "text", "relation", "polarity", "modality"),
    [
        ("en", "Russia attacked Ukraine.", ("Russia", "attacks", "Ukraine"), "positive", "asserted"),
        ("en", "Russia did not attack Ukraine.", ("Russia", "attacks", "Ukraine"), "negative", "asserted"),
        (
            "en",
            "Kazakhstan will not recognize Crimea.",
            ("Kazakhstan", "recognizes", "Crimea"),
            "negative",
            "asserted",
        ),
        ("en", "Russia wants to annex Crimea.", ("Russia", "annexes", "Crimea"), "positive", "intended"),
        ("en", "Russia plans to invade Georgia.", ("Russia", "invades", "Georgia"), "positive", "intended"),
        ("en", "Russia may attack Ukraine.", ("Russia", "attacks", "Ukraine"), "positive", "possible"),
        ("en", "Russia could invade Georgia.", ("Russia", "invades", "Georgia"), "positive", "possible"),
        (
            "fr",
            "La Russie pourrait attaquer l'Ukraine.",
            ("Russia", "attacks", "Ukraine"),
            "positive",
            "possible",
        ),
        (
            "de",
            "Russland will die Ukraine angreifen.",
            ("Russia", "attacks", "Ukraine"),
            "positive",
            "intended",
        ),
        ("pl", "Kazachstan nie uznał Krymu.", ("Kazakhstan", "recognizes", "Crimea"), "negative", "asserted"),
        (
            "fr",
            "La Turquie veut annexer deux districts de la Syrie, alors Assad s'est opposé à Erdogan.",
            ("Bashar al-Assad", "opposes", "Recep Tayyip Erdoğan"),
            "positive",
            "asserted",
        ),
        # The French conditional is a possibility, whatever tag the small model gives it.
        ("fr", "La Serbie attaquerait le Kosovo.", ("Serbia", "attacks", "Kosovo"), "positive", "possible"),
        (
            "fr",
            "La Serbie aurait attaqué le Kosovo.",
            ("Serbia", "attacks", "Kosovo"),
            "positive",
            "possible",
        ),
        ("fr", "La Serbie attaquait le Kosovo.", ("Serbia", "attacks", "Kosovo"), "positive", "asserted"),
    ],
)
def test_negation_and_modality(extractor, lang, text, relation, polarity, modality) -> None:
    """Each relation comes out once, with exactly this polarity and modality."""
    found = triples(extractor, lang, text)
    variants = {t[3:] for t in found if t[:3] == relation}
    assert variants == {(polarity, modality)}, found


def test_requested_modality(extractor) -> None:
    """ "X urged Y to sanction Z": the urging is asserted, the sanction only requested."""
    found = triples(extractor, "en", "Poland urged Germany to sanction Russia.")
    assert ("Poland", "urges", "Germany", "positive", "asserted") in found, found
    sanctions = {(t[2], t[3], t[4]) for t in found if t[1] == "sanctions"}
    assert sanctions == {("Russia", "positive", "requested")}, found


def test_overlong_names_are_dropped_at_extraction(extractor) -> None:
    """A run of capitalised words longer than MAX_NAME_CHARS is no name (issue 11, item 13)."""
    from kg_builder.extract.mentions import MAX_NAME_CHARS

    run = " ".join(["Xylofon"] * 40)  # 319 characters, one capitalised run
    assert len(run) > MAX_NAME_CHARS
    text = f"Russland hat die Ukraine angegriffen. Gestern sprach {run} mit Olaf Scholz lange."
    article = Article(id=content_hash(text), text=text, source="t", lang="de")
    result = extractor.extract(get_pipeline("de")(text), article)
    assert result.mentions and all(len(m.label) <= MAX_NAME_CHARS for m in result.mentions)
    labels = {m.label for m in result.mentions}
    assert {"Russia", "Ukraine"} <= labels and "Olaf Scholz" in labels, labels
    assert not any("Xylofon" in m.text for m in result.mentions)


def test_role_phrase_stands_for_the_office_holder(extractor) -> None:
    found = triples(extractor, "fr", "Le président de la France, Emmanuel Macron, a rencontré Xi Jinping.")
    assert ("Emmanuel Macron", "holdsRole", "France") in {t[:3] for t in found}
    assert ("Emmanuel Macron", "meets", "Xi Jinping") in {t[:3] for t in found}


def test_event_date_uses_the_article_date(extractor) -> None:
    text = "Putin visited Astana on 9 November."
    article = Article(id=content_hash(text), text=text, source="t", lang="en", published="2023-11-10")
    result = extractor.extract(get_pipeline("en")(text), article)
    assert {a.date for a in result.assertions} == {"2023-11-09"}


@pytest.mark.parametrize(
    ("lang", "text", "present", "absent"),
    [
        # A stance toward an event is a stance toward its agent; the event keeps its own relation.
        (
            "fr",
            "Le Ghana a condamné l'invasion de l'Ukraine par la Russie.",
            {("Ghana", "condemns", "Russia"), ("Russia", "invades", "Ukraine")},
            {("Russia", "condemns", "Ukraine"), ("Ghana", "condemns", "Ukraine")},
        ),
        (
            "en",
            "Germany criticised the Russian attack on Kyiv.",
            {("Germany", "criticizes", "Russia"), ("Russia", "attacks", "Ukraine")},
            set(),
        ),
        # ... but breaking a rule is about the rule, not whoever made it.
        (
            "en",
            "Serbia will not violate Western sanctions against Russia.",
            set(),
            {("Serbia", "violates", "the West")},
        ),
        # Event nouns under a support verb, through quantity phrases.
        (
            "en",
            "Norway has provided millions of euros of humanitarian aid to Moldova.",
            {("Norway", "aids", "Moldova")},
            set(),
        ),
        # A multiword trigger's gap holds the object; future passives; support verbs of stance nouns.
        (
            "de",
            "Die EU hat Sanktionen gegen Belarus verhängt.",
            {("European Union", "sanctions", "Belarus")},
            set(),
        ),
        (
            "it",
            "Orbán sarà ricevuto dal presidente Sergio Mattarella al Quirinale.",
            {("Sergio Mattarella", "hosts", "Viktor Orbán")},
            set(),
        ),
        (
            "it",
            "Macron conferma il sostegno totale alla Moldavia.",
            {("Emmanuel Macron", "supports", "Moldova")},
            set(),
        ),
        # A capital in its base form after "на"/"w" is a direction, not where it happened.
        ("ru", "Москва напала на Киев.", {("Russia", "attacks", "Ukraine")}, set()),
        ("ru", "Москва напала на Грузию в Киеве.", set(), {("Russia", "attacks", "Ukraine")}),
        # A phrase's own noun is no object; a verb that needs its preposition is no joint event without it.
        (
            "en",
            "Kyiv lodged a protest with Minsk.",
            {("Ukraine", "criticizes", "Belarus")},
            {("Ukraine", "criticizes", "protest")},
        ),
        (
            "fr",
            "La Russie et l'Ukraine ont échangé des prisonniers.",
            set(),
            {("Russia", "talksWith", "Ukraine")},
        ),
        # A possessive inside a quoted noun phrase is no closer subject than the inherited one.
        (
            "en",
            'Mr Scholz has described the stand-off as "Russia\'s nuclear blackmail" and urged the UN to act.',
            {("Olaf Scholz", "urges", "United Nations")},
            {("Russia", "urges", "United Nations")},
        ),
        # A clause set off by two commas between a trigger and its object.
        (
            "en",
            "Olaf Scholz held his first call, since becoming chancellor, with President Joe Biden.",
            {("Olaf Scholz", "talksWith", "Joe Biden")},
            set(),
        ),
        # A zu-infinitive has no subject of its own; German role compounds are no part of a name.
        (
            "de",
            "Die Regierung unterstützt Juan Guaidó und versucht, Maduro zum Rückzug zu drängen.",
            set(),
            {
                ("Juan Guaidó", "pressures", "Nicolás Maduro"),
                ("Interimspräsidenten Juan Guaidó", "pressures", "Nicolás Maduro"),
            },
        ),
        # Who said what is rejected: the genitive of a said event noun is its author.
        ("en", "Moscow rejected the demands of the UN.", {("Russia", "rejects", "United Nations")}, set()),
        # The addressee of a request in Romance languages comes with "a".
        ("it", "Di Maio chiede all'Egitto di collaborare.", {("Luigi Di Maio", "requests", "Egypt")}, set()),
        # A joint event noun's coordinated genitive names both sides.
        (
            "pl",
            "Do spotkania przedstawicieli Węgier i Austrii doszło w marcu.",
            {("Hungary", "meets", "Austria")},
            set(),
        ),
        ("en", "A meeting with France and Germany was cancelled.", set(), {("France", "meets", "Germany")}),
        # Receiving is giving seen from the other side: the giver is "from" X or the demonym of
        # what is received, never the receiver.
        ("it", "La Serbia ha ricevuto armi dalla Cina.", {("China", "suppliesWeaponsTo", "Serbia")}, set()),
        (
            "pl",
            "Partia dostała węgierskie pieniądze.",
            set(),
            {("Hungary", "aids", "Hungary")},
        ),
        (
            "ru",
            "Сербия получила деньги от Китая.",
            {("China", "aids", "Serbia")},
            {("Serbia", "aids", "China")},
        ),
        (
            "en",
            "Orbán received Chinese money.",
            {("China", "aids", "Viktor Orbán")},
            {("Viktor Orbán", "aids", "China")},
        ),
        # A person in brackets after a country speaks for it, and stands for the role noun
        # leading the list; a list of commas closed by a conjunction is one coordination.
        (
            "it",
            "Tajani ha avuto un incontro con i colleghi di Spagna (José Manuel Albares), "
            "Germania (Annalena Baerbock) e Polonia (Radosław Sikorski).",
            {
                ("Annalena Baerbock", "holdsRole", "Germany"),
                ("Radosław Sikorski", "holdsRole", "Poland"),
                ("Antonio Tajani", "meets", "José Manuel Albares"),
                ("Antonio Tajani", "meets", "Annalena Baerbock"),
                ("Antonio Tajani", "meets", "Radosław Sikorski"),
            },
            {("Antonio Tajani", "meets", "Spain"), ("Antonio Tajani", "meets", "Germany")},
        ),
        (
            "pl",
            "Sikorski spotkał się z ministrami z Hiszpanii (José Manuel Albares), Niemiec (Annalena "
            "Baerbock) i Włoch (Antonio Tajani).",
            {("Antonio Tajani", "holdsRole", "Italy"), ("Radosław Sikorski", "meets", "Antonio Tajani")},
            {("Radosław Sikorski", "meets", "Italy")},
        ),
        # A genitive with another object after it is the event's agent, wherever the parser
        # hangs that object; alone, it is the patient.
        (
            "en",
            "After the invasion of Iraq into Kuwait in 1990, the UN imposed sanctions.",
            {("Iraq", "invades", "Kuwait")},
            {("Kuwait", "invades", "Iraq")},
        ),
        (
            "en",
            "After the invasion of Iraq in 2003, the US stayed.",
            set(),
            {("Iraq", "invades", "United States")},
        ),
        # An object-control verb's object does what it governs; an accusation's content is no fact.
        (
            "en",
            "The US urged Germany to sanction Iran.",
            {("Germany", "sanctions", "Iran"), ("United States", "urges", "Germany")},
            {("United States", "sanctions", "Iran")},
        ),
        (
            "en",
            "Poland accused Russia of supporting the rebels.",
            {("Poland", "accuses", "Russia")},
            {("Poland", "supports", "rebels"), ("Russia", "supports", "rebels")},
        ),
        ("pl", "Litwa oskarżyła Białoruś o atak na Polskę.", set(), {("Belarus", "attacks", "Poland")}),
        # Rejecting the accusations answers whoever made them.
        (
            "fr",
            "Le Mali accuse la France de soutenir des groupes armés. La France rejette les accusations.",
            {("France", "rejects", "Mali"), ("Mali", "accuses", "France")},
            {("France", "supports", "groupes armés")},
        ),
        # A trigger the parser hung elsewhere still takes the noun after it; a clause with its
        # own subject does not inherit the first clause's modality.
        (
            "fr",
            "La Turquie veut annexer deux districts de la Syrie, alors Assad s'est opposé à Erdogan.",
            {
                ("Turkey", "annexes", "deux districts de la Syrie"),
                ("Bashar al-Assad", "opposes", "Recep Tayyip Erdoğan"),
            },
            set(),
        ),
        # An office in a sentence-case institution name.
        (
            "it",
            "Mario Rossi, direttore dell’Agenzia spaziale italiana, ha parlato con i giornalisti.",
            {("Mario Rossi", "holdsRole", "Agenzia spaziale italiana")},
            {("Mario Rossi", "holdsRole", "Italy")},
        ),
        # Freezing someone's assets sanctions their owner.
        (
            "es",
            "Suiza congeló los activos del oligarca Oleg Deripaska.",
            {("Switzerland", "sanctions", "Oleg Deripaska")},
            set(),
        ),
        (
            "fr",
            "Londres a gelé les avoirs de Roman Abramovitch.",
            {("United Kingdom", "sanctions", "Roman Abramovitch")},
            set(),
        ),
        # A verb after a closing quote attributes the quote; it relates no two actors.
        (
            "uk",
            '"Польща не допустить нової війни", - попередив Туск.',
            set(),
            {("Poland", "warns", "Donald Tusk")},
        ),
        # Recalling an ambassador cuts ties with the host country, named as a place.
        (
            "es",
            "Argelia llamó a consultas a su embajador en Lima.",
            {("Algeria", "cutsTiesWith", "Peru")},
            set(),
        ),
        ("fr", "Le Mali a rappelé son ambassadeur en Algérie.", {("Mali", "cutsTiesWith", "Algeria")}, set()),
        (
            "de",
            "Algerien hat seinen Botschafter aus Madrid zurückgerufen.",
            {("Algeria", "cutsTiesWith", "Spain")},
            set(),
        ),
        # A reflexive entry needs its reflexive pronoun; a relative clause about a noun that names
        # no actor has no actor subject; plural common nouns are no names.
        (
            "fr",
            "Le président a retiré la Libye de la liste des Etats qui soutiennent le terrorisme.",
            set(),
            {("Libya", "supports", "terrorisme")},
        ),
        ("fr", "La Russie s'est retirée de Kherson.", {("Russia", "withdrawsFrom", "Kherson")}, set()),
        ("fr", "Le Tchad a retiré la Libye de sa liste.", set(), {("Chad", "withdrawsFrom", "Libya")}),
        # A fronted meeting belongs to the clause subject, past a date and a German finite verb.
        (
            "de",
            "Nach einem Treffen mit Jens Stoltenberg am Montag hatte Olaf Scholz erklärt, er sei bereit.",
            {("Olaf Scholz", "meets", "Jens Stoltenberg")},
            set(),
        ),
        # Slavic subjects after the verb, known by their case; a number ends a name; "m. in."
        # ends no sentence.
        (
            "pl",
            "Budowie Baltic Pipe 2 sprzeciwiają się m. in. Rosja i Białoruś.",
            {("Russia", "opposes", "Baltic Pipe 2"), ("Belarus", "opposes", "Baltic Pipe 2")},
            {("Baltic Pipe 2", "opposes", "Russia")},
        ),
        (
            "ru",
            "России противостоит Грузия.",
            {("Georgia", "resists", "Russia")},
            {("Russia", "resists", "Georgia")},
        ),
        (
            "pl",
            "Polska skrytykowała Węgry.",
            {("Poland", "criticizes", "Hungary")},
            {("Hungary", "criticizes", "Poland")},
        ),
        # Cutting a supply or transit is a sanction of the country it passes through.
        (
            "pl",
            "Białoruś ograniczyła przesyłanie ropy przez terytorium Litwy.",
            {("Belarus", "sanctions", "Lithuania")},
            set(),
        ),
        ("uk", "Росія припинила транзит газу через Молдову.", {("Russia", "sanctions", "Moldova")}, set()),
        # A name set off by dashes is the object, not a modifier of the role noun.
        (
            "en",
            "Mr Scholz accused Viktor Orbán - prime minister at the time - of blocking the deal.",
            {("Olaf Scholz", "accuses", "Viktor Orbán")},
            set(),
        ),
    ],
)
def test_arguments_of_events_and_stances(extractor, lang, text, present, absent) -> None:
    found = {t[:3] for t in triples(extractor, lang, text)}
    assert present <= found, found
    assert not absent & found, found


@pytest.mark.parametrize(
    ("lang", "text", "expected", "wrong"),
    [
        (
            "de",
            "Das sagte US-Sicherheitsberater John Bolton am Montag.",
            ("John Bolton", "holdsRole", "United States"),
            None,
        ),
        (
            "de",
            "Der US-Sonderbeauftragte für Venezuela, Elliott Abrams, sagte das.",
            ("Elliott Abrams", "holdsRole", "United States"),
            ("Elliott Abrams", "holdsRole", "Venezuela"),
        ),
        (
            "en",
            "Lviv Mayor Andriy Sadovyi said the city was hit.",
            ("Andriy Sadovyi", "holdsRole", "Lviv"),
            None,
        ),
        (
            "en",
            "Nigel Farage is a British politician, former leader of UKIP.",
            ("Nigel Farage", "holdsRole", "UKIP"),
            None,
        ),
        (
            "pl",
            "Jan Kowalczyk – polski polityk, od 2013 r. lider Ligi Północnej.",
            ("Jan Kowalczyk", "holdsRole", "Ligi Północnej"),
            None,
        ),
        (
            "pl",
            "Jan Kowalczyk to polski polityk, przewodniczący Frontu Narodowego.",
            ("Jan Kowalczyk", "holdsRole", "Frontu Narodowego"),
            None,
        ),
        (
            "ru",
            "Трамп говорил о США. Путин не уважает нашего президента [Барака Обаму].",
            ("Barack Obama", "holdsRole", "United States"),
            None,
        ),
        (
            "pl",
            "Rosję reprezentował minister spraw zagranicznych Jan Kowalczyk.",
            None,
            ("Jan Kowalczyk", "holdsRole", "Russia"),
        ),
        (
            "uk",
            "Про це заявив віце-президент Європейської комісії Валдіс Домбровскіс.",
            ("Valdis Dombrovskis", "holdsRole", "European Commission"),
            None,
        ),
    ],
)
def test_role_phrases_in_compounds_places_and_cases(extractor, lang, text, expected, wrong) -> None:
    found = {t[:3] for t in triples(extractor, lang, text)}
    if expected is not None:
        assert expected in found, found
    if wrong is not None:
        assert wrong not in found, found


def test_given_names_join_a_dictionary_surname(extractor) -> None:
    """'Jeanem Claudem Junckerem': inflected given names that start like the person's own."""
    text = "Ministrowie rozmawiali z Jeanem Claudem Junckerem o budżecie."
    article = Article(id=content_hash(text), text=text, source="t", lang="pl")
    result = extractor.extract(get_pipeline("pl")(text), article)
    assert ("Jeanem Claudem Junckerem", "Jean-Claude Juncker") in {(m.text, m.label) for m in result.mentions}
    # Another given name stays out of the dictionary person's mention: Hunter is not Joe.
    text = "Hunter Biden spoke to reporters."
    article = Article(id=content_hash(text), text=text, source="t", lang="en")
    result = extractor.extract(get_pipeline("en")(text), article)
    assert "Hunter Biden" not in {m.text for m in result.mentions if m.label == "Joe Biden"}


def test_undated_role_phrase_prefers_the_holder_the_text_names(extractor) -> None:
    """Without a date, "the president of the Commission" in a text naming Juncker is Juncker."""
    text = "Jean-Claude Juncker arrived in Warsaw. The president of the European Commission met Viktor Orbán."
    for published, holder in [(None, "Jean-Claude Juncker"), ("2023-05-01", "Ursula von der Leyen")]:
        found = {t[:3] for t in triples(extractor, "en", text, published=published)}
        assert (holder, "meets", "Viktor Orbán") in found, (published, found)


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        (
            "en",
            "Polish President Andrzej Duda said we will support Ukraine.",
            ("Poland", "supports", "Ukraine"),
        ),
        (
            "fr",
            "Le président polonais Andrzej Duda a déclaré que notre pays soutiendra l'Ukraine.",
            ("Poland", "supports", "Ukraine"),
        ),
    ],
)
def test_our_country_is_the_speakers_country(extractor, lang, text, expected) -> None:
    result = {t[:3] for t in triples(extractor, lang, text)}
    assert expected in result, result


def test_first_person_verbs_speak_for_the_speakers_country(extractor) -> None:
    """A dropped "we" is the speaker's country, never the person the text was about."""
    text = "Prezydent Litwy Gitanas Nausėda przemawiał w Berlinie. Prowadzimy aktywne rozmowy z Niemcami."
    assert ("Lithuania", "talksWith", "Germany") in {t[:3] for t in triples(extractor, "pl", text)}
    text = "Kanclerz Olaf Scholz przyleciał do Warszawy. Rozmawiamy z Francją codziennie."
    assert not any(t[0] == "Olaf Scholz" and t[2] == "France" for t in triples(extractor, "pl", text))


def test_a_name_headed_by_a_common_noun_is_an_organisation(extractor) -> None:
    """'Frontu Narodowego' after a role noun is the party, not a person called so."""
    text = "Marine Le Pen, przewodnicząca Frontu Narodowego, przemawiała wczoraj."
    article = Article(id=content_hash(text), text=text, source="t", lang="pl")
    result = extractor.extract(get_pipeline("pl")(text), article)
    types = {m.text: m.type for m in result.mentions}
    assert types["Frontu Narodowego"] == "Organization", types
    assert types["Marine Le Pen"] == "Person", types


def test_german_role_compound_is_no_part_of_the_name(extractor) -> None:
    text = "Die Regierung unterstützt den selbst ernannten Interimspräsidenten Juan Guaidó."
    article = Article(id=content_hash(text), text=text, source="t", lang="de")
    result = extractor.extract(get_pipeline("de")(text), article)
    assert "Juan Guaidó" in {m.text for m in result.mentions}, result.mentions
