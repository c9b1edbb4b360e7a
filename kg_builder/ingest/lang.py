"""Language identification of articles (lingua), restricted to news languages.

The verdict must tell the caller two things: which language an article is
in, and whether kg_builder can extract from it. A detector built over the
eight supported languages only would force every Czech or Bulgarian article
into Polish or Russian (measured: 100 % of BSNLP bg -> ru, sl -> pl). So the
detector also knows the other common news languages and returns their codes;
:func:`is_supported` tells the caller whether to extract or only store
metadata.

The long tail of lingua's 75 languages (Latin, Esperanto, Tagalog, Yoruba,
...) is left out on purpose: on short texts such as headlines they steal
supported-language verdicts without adding a language the product handles.
"""

from __future__ import annotations

import threading
import time

from lingua import IsoCode639_1, IsoCode639_3, Language, LanguageDetector, LanguageDetectorBuilder

from kg_builder.errors import LanguageError
from kg_builder.models import SUPPORTED_LANGUAGES

__all__ = [
    "DETECTABLE_LANGUAGES",
    "DETECT_MAX_CHARS",
    "detect_language",
    "detector_load_seconds",
    "is_supported",
    "normalize_lang_code",
]

#: Only the start of an article is read: more text does not change the verdict
#: on news prose and the cost grows linearly.
DETECT_MAX_CHARS = 2000

# Other languages of news that kg_builder cannot extract from yet; knowing them
# is what lets the detector say "Czech" instead of "Polish".
_OTHER_LANGUAGES = (
    "ar", "az", "be", "bg", "bs", "ca", "cs", "da", "el", "et", "fa", "fi", "he", "hi", "hr",
    "hu", "hy", "id", "ja", "ka", "kk", "ko", "lt", "lv", "mk", "mn", "ms", "nb", "nl", "pt",
    "ro", "sk", "sl", "sq", "sr", "sv", "tr", "ur", "vi", "zh",
)  # fmt: skip

#: Every ISO 639-1 code the detector can return, sorted.
DETECTABLE_LANGUAGES: tuple[str, ...] = tuple(sorted({*SUPPORTED_LANGUAGES, *_OTHER_LANGUAGES}))

# Codes people write that are not ISO 639-1 (or not the one lingua uses).
_ALIASES = {"ua": "uk", "cz": "cs", "gr": "el", "dk": "da", "se": "sv", "no": "nb", "jp": "ja"}

_lock = threading.Lock()
_detector: LanguageDetector | None = None
_load_seconds: float | None = None


def _get_detector() -> LanguageDetector:
    """Build the detector on first use.

    Low-accuracy mode (trigram models only) is used on purpose. Measured on
    BSNLP + MasakhaNEWS text cut to N characters, it errs exactly as often as
    the high-accuracy mode from 200 characters on (0.16 %), and only a little
    more at 80 (1.5 % vs 0.8 %); but the high-accuracy models of the ~30
    Latin-script languages cost ~900 MB of memory and ~4.5 s to load the
    first time an English text is seen, in every worker process. Low-accuracy
    mode needs ~70 MB and ~0.2 s. Models load lazily, per language.
    """
    global _detector, _load_seconds
    if _detector is None:
        with _lock:
            if _detector is None:
                start = time.perf_counter()
                languages = [_language(code) for code in DETECTABLE_LANGUAGES]
                _detector = (
                    LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()
                )
                _load_seconds = time.perf_counter() - start
    return _detector


def _language(code: str) -> Language:
    return Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper()))


def detector_load_seconds() -> float | None:
    """Seconds spent building the detector, or ``None`` if not built yet."""
    return _load_seconds


def detect_language(text: str, *, max_chars: int = DETECT_MAX_CHARS) -> str | None:
    """Return the ISO 639-1 code of the language of ``text``, or ``None``.

    Only the first ``max_chars`` characters are read. ``None`` means the text
    holds nothing lingua can judge (no letters). The code may be an
    unsupported language; check it with :func:`is_supported`.
    """
    sample = text[:max_chars]
    if len(text) > max_chars:
        # Do not hand the detector half a word.
        cut = sample.rfind(" ")
        if cut > max_chars // 2:
            sample = sample[:cut]
    if not any(ch.isalpha() for ch in sample):
        return None
    language = _get_detector().detect_language_of(sample)
    if language is None:
        return None
    return language.iso_code_639_1.name.lower()


def is_supported(code: str | None) -> bool:
    """True when kg_builder can extract relations from language ``code``."""
    return code in SUPPORTED_LANGUAGES


def normalize_lang_code(code: str) -> str:
    """Return the ISO 639-1 code for ``code`` ("EN", "en-US", "eng", "ua").

    Raises :class:`~kg_builder.errors.LanguageError` when the code names no
    language known to the detector.
    """
    raw = code
    code = code.strip().lower().replace("_", "-").split("-")[0]
    code = _ALIASES.get(code, code)
    if len(code) == 2 and hasattr(IsoCode639_1, code.upper()):
        return code
    if len(code) == 3 and hasattr(IsoCode639_3, code.upper()):
        language = Language.from_iso_code_639_3(getattr(IsoCode639_3, code.upper()))
        return language.iso_code_639_1.name.lower()
    raise LanguageError(
        f"unknown language code {raw!r}: use an ISO 639-1 code such as {', '.join(SUPPORTED_LANGUAGES)}"
    )
