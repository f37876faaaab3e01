"""Extraction speed: the rules over a ~100 KB text built from the fixture texts.

    python benchmarks/extraction.py [--bytes 100000] [--runs 5]

Needs no database: the rules are pure. The text is every fixture text (the two
sources and fixtures/extraction/texts/*) concatenated, repeated until it
reaches --bytes; the directory's names are those of the seed. Prints the best
of --runs, then one JSON line (bytes, seconds, candidates). No asserts on time.
"""

import argparse
import datetime
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from extraction.evaluation import GOLD_DIR, known_from  # noqa: E402
from extraction.rules.pipeline import Extractor  # noqa: E402


def build_text(size: int) -> str:
    """The fixture texts, one after another, until `size` UTF-8 bytes."""
    paths = sorted((ROOT / "fixtures" / "sources").glob("*.txt")) + sorted(
        (ROOT / "fixtures" / "extraction" / "texts").glob("*.txt")
    )
    pieces = [path.read_text(encoding="utf-8") for path in paths]
    text, index = "", 0
    while len(text.encode("utf-8")) < size:
        text += pieces[index % len(pieces)] + "\n"
        index += 1
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bytes", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    text = build_text(args.bytes)
    seed_gold = json.loads(
        (GOLD_DIR / "2026-pk-cn-protection-unit-islamabad.json").read_text("utf-8")
    )
    known = known_from(seed_gold["known"])
    published = datetime.date(2026, 1, 7)
    timings, candidates = [], []
    for _ in range(args.runs):
        started = time.perf_counter()
        # Built inside the timing: a real ingest compiles the name tables too.
        candidates = Extractor(known).extract(text, published=published)
        timings.append(time.perf_counter() - started)
    size = len(text.encode("utf-8"))
    best = min(timings)
    print(f"text: {size} bytes, {len(text)} characters, {text.count(chr(10))} lines")
    print(f"runs: {', '.join(f'{t:.3f}' for t in timings)} s; best {best:.3f} s")
    print(f"candidates: {len(candidates)} ({len(candidates) / best:.0f} per second)")
    print(
        json.dumps(
            {"bytes": size, "seconds": round(best, 3), "candidates": len(candidates)}
        )
    )


if __name__ == "__main__":
    main()
