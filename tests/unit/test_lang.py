"""Language identification (kg_builder.ingest.lang)."""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

import pytest

from kg_builder.errors import LanguageError
from kg_builder.ingest import DETECTABLE_LANGUAGES, detect_language, is_supported
from kg_builder.ingest.lang import normalize_lang_code
from kg_builder.models import SUPPORTED_LANGUAGES

SUPPORTED_SAMPLES = {
    "de": "Die Bundesregierung hat am Mittwoch ein neues Gesetz zur Förderung erneuerbarer "
    "Energien beschlossen. Der Wirtschaftsminister sagte, der Staat werde den Bau von "
    "Solaranlagen auf Schuldächern unterstützen.",
    "en": "The government approved a new law on renewable energy on Wednesday. The economy "
    "minister said the state would support the construction of solar panels on school roofs.",
    "es": "El Gobierno aprobó el miércoles una nueva ley sobre energías renovables. El ministro "
    "de Economía afirmó que el Estado apoyará la construcción de paneles solares en las escuelas.",
    "fr": "Le gouvernement a adopté mercredi une nouvelle loi sur les énergies renouvelables. Le "
    "ministre de l'Économie a déclaré que l'État soutiendrait l'installation de panneaux solaires.",
    "it": "Il governo ha approvato mercoledì una nuova legge sulle energie rinnovabili. Il "
    "ministro dell'Economia ha detto che lo Stato sosterrà la costruzione di pannelli solari.",
    "pl": "Rząd przyjął w środę nową ustawę o odnawialnych źródłach energii. Minister gospodarki "
    "powiedział, że państwo wesprze budowę paneli słonecznych na dachach szkół.",
    "ru": "Правительство в среду одобрило новый закон о возобновляемых источниках энергии. Министр "
    "экономики заявил, что государство поддержит строительство солнечных панелей на крышах школ.",
    "uk": "Уряд у середу схвалив новий закон про відновлювані джерела енергії. Міністр економіки "
    "заявив, що держава підтримає будівництво сонячних панелей на дахах шкіл.",
}

# Neighbours of the supported languages: they must be named, not folded into pl/ru/uk/es.
OTHER_SAMPLES = {
    "cs": "Vláda České republiky ve středu schválila nový zákon o obnovitelných zdrojích energie. "
    "Ministr průmyslu uvedl, že stát podpoří výstavbu solárních elektráren na střechách škol.",
    "sk": "Slovenská vláda v stredu schválila nový zákon o obnoviteľných zdrojoch energie. "
    "Minister hospodárstva uviedol, že štát podporí výstavbu solárnych elektrární.",
    "bg": "Правителството на България одобри в сряда нов закон за възобновяемите енергийни "
    "източници. Министърът заяви, че държавата ще подкрепи изграждането на слънчеви централи.",
    "sl": "Slovenska vlada je v sredo sprejela nov zakon o obnovljivih virih energije. Minister je "
    "povedal, da bo država podprla gradnjo sončnih elektrarn na strehah šol.",
    "hr": "Hrvatska vlada je u srijedu usvojila novi zakon o obnovljivim izvorima energije. "
    "Ministar gospodarstva rekao je da će država poduprijeti izgradnju sunčanih elektrana.",
    "be": "Урад Беларусі ў сераду ўхваліў новы закон аб аднаўляльных крыніцах энергіі. Міністр "
    "эканомікі заявіў, што дзяржава падтрымае будаўніцтва сонечных панэляў на дахах школ.",
    "nl": "De regering heeft woensdag een nieuwe wet over hernieuwbare energie goedgekeurd. De "
    "minister zei dat de staat de bouw van zonnepanelen op schooldaken zal steunen.",
    "pt": "O governo aprovou na quarta-feira uma nova lei sobre energias renováveis. O ministro da "
    "Economia afirmou que o Estado vai apoiar a construção de painéis solares nas escolas.",
}


@pytest.mark.parametrize("code", sorted(SUPPORTED_SAMPLES))
def test_supported_languages(code: str) -> None:
    assert detect_language(SUPPORTED_SAMPLES[code]) == code
    assert is_supported(code)


@pytest.mark.parametrize("code", sorted(OTHER_SAMPLES))
def test_neighbouring_languages_are_named_and_unsupported(code: str) -> None:
    detected = detect_language(OTHER_SAMPLES[code])
    assert detected == code
    assert not is_supported(detected)


def test_detectable_set() -> None:
    assert set(SUPPORTED_LANGUAGES) < set(DETECTABLE_LANGUAGES)
    assert list(DETECTABLE_LANGUAGES) == sorted(DETECTABLE_LANGUAGES)
    assert {"bg", "cs", "sk", "sl", "hr", "nl", "pt", "tr", "ar", "zh"} <= set(DETECTABLE_LANGUAGES)


def test_only_the_start_is_read() -> None:
    # 2,150 characters of French, then a long English tail the detector never sees.
    text = (SUPPORTED_SAMPLES["fr"] + " ") * 12 + (SUPPORTED_SAMPLES["en"] + " ") * 40
    assert detect_language(text) == "fr"
    assert detect_language(text, max_chars=len(text)) == "en"
    assert detect_language(SUPPORTED_SAMPLES["en"] + " " + text, max_chars=150) == "en"


def test_no_letters() -> None:
    assert detect_language("12.05.2024 — 10:32") is None
    assert detect_language("") is None
    assert not is_supported(None)


@pytest.mark.parametrize(
    ("raw", "code"),
    [("EN", "en"), ("en-US", "en"), ("pt_BR", "pt"), ("eng", "en"), ("ukr", "uk"), ("ua", "uk")],
)
def test_normalize_lang_code(raw: str, code: str) -> None:
    assert normalize_lang_code(raw) == code


@pytest.mark.parametrize("raw", ["xx", "english", ""])
def test_normalize_lang_code_rejects_unknown(raw: str) -> None:
    with pytest.raises(LanguageError, match="ISO 639-1"):
        normalize_lang_code(raw)


#: The shared evaluation data sits next to the repository (``../shared``), as for ``kg eval``.
SHARED = Path(__file__).resolve().parents[2].parent / "shared"
BSNLP = SHARED / "data" / "news" / "bsnlp" / "bsnlp_raw_documents.jsonl"


def test_bsnlp_sample_accuracy() -> None:
    """Real Slavic news: pl/ru/uk right, bg/cs/sl never folded into a supported language."""
    if not BSNLP.is_file():
        pytest.fail(f"BSNLP evaluation data missing: {BSNLP} (expected in ../shared next to the repository)")
    by_lang: dict[str, list[str]] = {}
    with BSNLP.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            by_lang.setdefault(record["lang"], []).append(record["title"] + "\n" + record["text"])
    rng = random.Random(7)
    for lang in ("pl", "ru", "uk", "bg", "cs", "sl"):
        sample = rng.sample(by_lang[lang], 40)
        verdicts = Counter(detect_language(text) for text in sample)
        if is_supported(lang):
            assert verdicts[lang] >= 39, (lang, verdicts)
        else:
            assert not any(is_supported(code) for code in verdicts), (lang, verdicts)
