"""CPU cost of dictionary lemmas (Morfeusz 2, pymorphy3) against simplemma, in one run.

For Polish, Russian and Ukrainian BSNLP news (read in place from
``../shared/data``), the spaCy pass of :mod:`kg_builder.nlp` is timed twice
on the same texts: with the lemma component kg_builder uses
(``kg_morph_lemmas``) and with the simplemma one it replaced
(``kg_simplemma_lemmas``). Times are CPU seconds of this process
(``time.process_time``), best of ``--repeat`` alternating runs; the one-off
dictionary load is reported apart and simplemma's data is loaded before
timing. Also prints how many alphabetic tokens get a different lemma.

    python -m bench.lemmatizer_speed [--per-lang 60] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import simplemma
import spacy

from bench.pipeline_speed import collect_texts
from kg_builder.nlp import get_pipeline
from kg_builder.nlp.morph import MORPH_PACKAGES, morph_lemmatizer

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-lang", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args(argv)

    records = collect_texts(args.data, args.per_lang)
    by_lang = {lang: [r["text"] for r in records if r["lang"] == lang] for lang in MORPH_PACKAGES}
    if not any(by_lang.values()):
        print(f"no BSNLP texts under {args.data}", file=sys.stderr)
        return 2
    print(
        f"{'lang':4} {'docs':>5} {'tokens':>8} {'load s':>7} {'simplemma s':>12} {'morph 1st s':>12} "
        f"{'morph s':>8} {'ratio':>6} {'lemmas changed':>15}"
    )
    total_simple = total_morph = total_first = 0.0
    for lang, texts in by_lang.items():
        if not texts:
            continue
        simplemma.lemmatize("x", lang=lang)  # simplemma's own data loads outside the timed runs
        started = time.process_time()
        morph_lemmatizer(lang)
        load = time.process_time() - started
        nlp = get_pipeline(lang)
        # The same pipeline with the lemma component swapped: tokenizer and
        # sentence splitting are the same, so the difference is the lemmatizer.
        simple = spacy.blank(lang)
        for name in nlp.pipe_names:
            simple.add_pipe("kg_simplemma_lemmas" if name == "kg_morph_lemmas" else name)

        def run(pipeline, texts=texts) -> float:
            t0 = time.process_time()
            for _ in pipeline.pipe(texts, batch_size=64):
                pass
            return time.process_time() - t0

        simple_times, morph_times = [], []
        for _ in range(args.repeat):
            simple_times.append(run(simple))
            morph_times.append(run(nlp))
        s, m = min(simple_times), min(morph_times)
        total_simple += s
        total_morph += m
        total_first += morph_times[0]
        tokens = changed = 0
        for a, b in zip(nlp.pipe(texts), simple.pipe(texts), strict=True):
            for ta, tb in zip(a, b, strict=True):
                if ta.is_alpha:
                    tokens += 1
                    changed += ta.lemma_.lower() != tb.lemma_.lower()
        print(
            f"{lang:4} {len(texts):5} {tokens:8} {load:7.2f} {s:12.2f} {morph_times[0]:12.2f} "
            f"{m:8.2f} {m / s:6.2f} "
            f"{changed:8} ({changed / tokens:.1%})"
        )
    print(
        f"all: simplemma {total_simple:.2f} s, dictionary lemmas {total_morph:.2f} s warm "
        f"(ratio {total_morph / total_simple:.2f}x), {total_first:.2f} s with an empty word cache "
        f"(ratio {total_first / total_simple:.2f}x); CPU seconds, best of {args.repeat}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
