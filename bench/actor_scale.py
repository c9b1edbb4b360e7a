"""Actor dictionary at scale: build, cached load and matching, hand-made data vs all data.

The baseline is the hand-made data alone (every built-in file except the generated
``eventdata-*`` files), measured in the same run. Each load runs in a fresh subprocess so
that nothing is shared; CPU seconds (user + system of the child) are reported, never wall
time. Matching is timed over the texts given (default: the sample articles) in every
language the article is written in.

    python -m bench.actor_scale                       # examples/articles
    python -m bench.actor_scale --texts ../shared/gold/dev/articles --repeat 3
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

_CHILD = r"""
import json, os, sys, time, resource
from pathlib import Path
from kg_builder.actors import dictionary as D
from kg_builder.actors.loader import BUILTIN_FILES
mode, texts_dir, repeat = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
if mode == "hand":
    names = tuple(n for n in BUILTIN_FILES if not n.startswith("eventdata-"))
    D.BUILTIN_FILES = names
out = {}
t = time.process_time(); d = D.ActorDictionary.load(use_cache=False); out["build"] = time.process_time() - t
t = time.process_time(); D.ActorDictionary.load(); out["first_cached_load"] = time.process_time() - t
t = time.process_time(); d = D.ActorDictionary.load(); out["cached_load"] = time.process_time() - t
docs = []
for p in sorted(texts_dir.glob("*.txt")):
    docs.append(p.read_text(encoding="utf-8"))
langs = ("en", "fr", "it", "es", "de", "pl", "ru", "uk")
d.match("warm up", "en")
t = time.process_time()
hits = 0
for _ in range(repeat):
    for text in docs:
        for lang in langs:
            hits += len(d.match(text, lang))
out["match"] = time.process_time() - t
out["hits"] = hits
out["chars"] = sum(len(x) for x in docs) * len(langs) * repeat
out["entries"] = len(d)
out["variants"] = d.stats()["index_variants"]
out["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def _run(mode: str, texts: Path, repeat: int, cache_dir: str) -> dict[str, float]:
    env = dict(os.environ, KG_BUILDER_CACHE_DIR=cache_dir)
    env.pop("KG_BUILDER_NO_CACHE", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, mode, str(texts), str(repeat)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["process_cpu"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return result


def main() -> None:
    """Run both configurations and print the figures and their ratios."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--texts", type=Path, default=Path("examples/articles"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as cache:
        hand = _run("hand", args.texts, args.repeat, cache)
        full = _run("full", args.texts, args.repeat, cache)
    print(f"{'measure (CPU s)':<22}{'hand-made':>12}{'with eventdata':>16}{'ratio':>8}")
    for key in ("build", "first_cached_load", "cached_load", "match", "process_cpu"):
        print(f"{key:<22}{hand[key]:>12.3f}{full[key]:>16.3f}{full[key] / hand[key]:>8.2f}")
    for key in ("entries", "variants", "hits", "maxrss_mb"):
        print(f"{key:<22}{hand[key]:>12.0f}{full[key]:>16.0f}")
    mb = hand["chars"] / 1e6
    print(
        f"matching throughput: {mb / hand['match']:.2f} MB/s hand-made, "
        f"{mb / full['match']:.2f} MB/s with eventdata"
    )


if __name__ == "__main__":
    main()
