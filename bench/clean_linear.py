"""Cleaning is linear: CPU time of 1 MB of hostile text against 100 kB of the same, per case.

Each case repeats one hostile unit (unclosed ``<script>`` tags, unclosed
comments, tags without ``>``, long attribute runs, ...) to 100 kB and to
1 MB and runs :func:`kg_builder.ingest.clean_text` on both in this process.
A linear cleaner gives a ratio near 10; a quadratic one near 100 (issue 11:
80 kB of unclosed ``<script>`` took 5.7 s before the fix, 1 MB would take
hours). CPU seconds (``time.process_time``), never wall time.

    python -m bench.clean_linear [--small 100000] [--large 1000000] [--max-ratio 30]

Exits 1 when a ratio is above ``--max-ratio``.
"""

from __future__ import annotations

import argparse
import sys
import time

from kg_builder.ingest import clean_text

#: name -> (prefix, repeated unit, suffix)
CASES: dict[str, tuple[str, str, str]] = {
    "unclosed <script>": ("Title\n\n", "<script>x ", "\nBody text."),
    "unclosed <style>": ("Title\n\n", "<style type='a'> ", "\nBody text."),
    "<script without >": ("Title\n\n", "<script ", "\nBody text."),
    "unclosed comment": ("Title\n\n", "<!-- a ", "\nBody text."),
    "tag, blanks, no >": ("Title\n\n<p", " ", "x\nBody text."),
    "tag, a=a=..., no >": ("Title\n\n<p ", "a=", "\nBody text."),
    "many <p a=": ("Title\n\n", "<p a=", "\nBody text."),
    "entities": ("Title\n\n", "&amp;nbsp; ", "\nBody text."),
    "angle brackets": ("Title\n\n", "< > ", "\nBody text."),
    "punctuation run": ("Title\n\n", "!(", "a\nBody text."),
    "breadcrumb run": ("Title\n\n", "Home » ", "x\nBody text."),
    "blank lines": ("Title\n\n", " \n", "Body text."),
    "short lines": ("Title\n\n", "Read also: Kremlin\n", "Body text."),
}


def hostile(case: str, size: int) -> str:
    """The text of ``case`` at about ``size`` characters."""
    prefix, unit, suffix = CASES[case]
    return prefix + unit * max(1, (size - len(prefix) - len(suffix)) // len(unit)) + suffix


def cpu_seconds(text: str) -> float:
    start = time.process_time()
    clean_text(text)
    return time.process_time() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=100_000)
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--max-ratio", type=float, default=30.0)
    args = parser.parse_args(argv)
    expected = args.large / args.small
    print(f"{'case':<22} {'small s':>8} {'large s':>8} {'ratio':>6}   (linear ~ {expected:.0f})")
    worst = 0.0
    for case in CASES:
        small = min(cpu_seconds(hostile(case, args.small)) for _ in range(3))
        large = cpu_seconds(hostile(case, args.large))
        ratio = large / max(small, 1e-4)
        worst = max(worst, ratio)
        print(f"{case:<22} {small:8.3f} {large:8.3f} {ratio:6.1f}")
    print(f"worst ratio {worst:.1f} (limit {args.max_ratio:.0f})")
    return 0 if worst <= args.max_ratio else 1


if __name__ == "__main__":
    sys.exit(main())
