"""The commitment search's server time at 100,000 commitments, by number of words.

    bin/bench search                                     100,000 commitments
    DATABASE_URL=postgres://… .venv/bin/python benchmarks/search.py --commitments 100000

Needs DATABASE_URL to a PostgreSQL database it may wipe: it migrates it,
truncates the domain tables and loads rows with
benchmarks.synthetic.synthetic_generate (COPY). Synthetic titles
are all alike, so this script then gives every commitment a title and a
description of words drawn from a vocabulary of --vocabulary made-up words
(Zipf-like: a few common, most rare) and one quote, a slice of a generated
source text, so the search has words to tell commitments apart.

It times GET /commitments/?q=… through Django's test Client (the whole
request: middleware, session, permission, search, count, the first page,
template) for searches of 1, 5 and 20 words, each word a prefix of a word in
one target commitment's title, description or quote (so the search finds it;
the 1-word search also finds many others), after --warmup unmeasured
requests; prints the plan of the search statement (EXPLAIN ANALYZE, so that
the GIN index can be seen used), the figures, then one JSON line. No asserts
on time. --reuse keeps data already loaded at the same size.
"""

import argparse
import datetime
import itertools
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

WORD_COUNTS = (1, 5, 20)
TABLES = ("agreement", "commitment", "obligation", "milestone", "followup")
SOURCE_WORDS = 200_000
QUOTE_CHARS = 160


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commitments", type=int, default=100_000)
    parser.add_argument(
        "--milestones", type=int, default=300_000, help="for the list's columns"
    )
    parser.add_argument("--vocabulary", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--reuse", action="store_true")
    return parser.parse_args(argv)


def setup_django() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgresql")):
        sys.exit("search: error: DATABASE_URL must point to PostgreSQL (bin/bench)")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings.base")
    import django

    django.setup()
    from django.conf import settings

    from tracker.celery import use_job_statement_timeout

    # Loading is a job; the timed requests would stop at the web timeout
    # all the same, but none comes near it.
    use_job_statement_timeout()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]


def execute(sql: str, params: list | dict | None = None) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.rowcount


def vocabulary(size: int, rng: random.Random) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(letters) for _ in range(rng.randint(4, 10))))
    return sorted(words)


def zipf_text(words: list[str], count: int, rng: random.Random) -> str:
    # Word k is drawn with weight 1/(k+1): a few words are everywhere.
    if len(_CUMULATIVE) != len(words):
        _CUMULATIVE[:] = itertools.accumulate(1 / (k + 1) for k in range(len(words)))
    return " ".join(rng.choices(words, cum_weights=_CUMULATIVE, k=count))


_CUMULATIVE: list[float] = []


def load(args: argparse.Namespace) -> None:
    """Wipe, generate, then give every commitment words and a quote."""
    from django.utils import timezone

    from benchmarks.synthetic import synthetic_generate
    from commitments.models import SourceDocument
    from core.history import system_user

    tables = [f"commitments_{name}" for name in TABLES]
    tables += ["commitments_provenance", "commitments_sourcedocument"]
    tables += [f"commitments_historical{name}" for name in TABLES]
    execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
    print(f"generating {args.commitments:,} commitments …", flush=True)
    started = time.perf_counter()
    synthetic_generate(
        agreements=max(1, args.commitments // 100),
        commitments=args.commitments,
        milestones=args.milestones,
        overdue_fraction=0.2,
        as_of=timezone.now(),
        seed=args.seed,
    )
    print(f"  generated in {time.perf_counter() - started:.0f} s", flush=True)
    rng = random.Random(args.seed)  # nosec B311
    words = vocabulary(args.vocabulary, rng)
    text = zipf_text(words, SOURCE_WORDS, rng) + "."
    system_user()
    source = SourceDocument.objects.create(
        title="Synthetic minutes",
        text=text,
        content_hash=_hash(text),
        published_on=datetime.date(2026, 1, 7),
    )
    started = time.perf_counter()
    titles = [zipf_text(words, 8, rng) for _ in range(args.commitments)]
    descriptions = [zipf_text(words, 30, rng) for _ in range(args.commitments)]
    starts = [
        rng.randrange(0, len(text) - QUOTE_CHARS) for _ in range(args.commitments)
    ]
    execute(
        """
        UPDATE commitments_commitment c
        SET title = t.title, description = t.description
        FROM unnest(%s::bigint[], %s::text[], %s::text[]) AS t(id, title, description)
        WHERE c.id = t.id
        """,
        [list(range(1, args.commitments + 1)), titles, descriptions],
    )
    # Quotes are cut here: substr() on the stored text would read the whole
    # (compressed) text again for every row.
    execute(
        """
        INSERT INTO commitments_provenance
            (commitment_id, source_id, quote, quote_start, quote_end)
        SELECT q.id, %s, q.quote, q.start, q.start + length(q.quote)
        FROM unnest(%s::bigint[], %s::int[], %s::text[]) AS q(id, start, quote)
        """,
        [
            source.pk,
            list(range(1, args.commitments + 1)),
            starts,
            [text[start : start + QUOTE_CHARS] for start in starts],
        ],
    )
    print(
        f"  words and quotes in {time.perf_counter() - started:.0f} s "
        f"(the triggers kept the search documents current)",
        flush=True,
    )
    execute("VACUUM ANALYZE")


def _hash(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode()).hexdigest()


def target_words(count: int) -> list[str]:
    """Prefixes of words of one commitment: its title, description, quote."""
    from commitments.models import Commitment

    target = Commitment.objects.order_by("pk")[Commitment.objects.count() // 2]
    quote = target.provenance.first().quote
    pool = []
    for word in f"{target.title} {target.description} {quote}".split():
        if len(word) >= 4 and word not in pool:
            pool.append(word)
    # Rarest first (the vocabulary's rank is its sorted order), so one word
    # already narrows the list as a real search does; every other word is cut
    # to a prefix so partial matching is timed too.
    chosen = sorted(pool, reverse=True)[:count]
    return [
        word if n % 2 == 0 else word[: max(3, len(word) - 2)]
        for n, word in enumerate(chosen)
    ]


def time_requests(client, url: str, count: int, warmup: int) -> list[float]:
    for _ in range(warmup):
        assert client.get(url).status_code == 200
    times = []
    for _ in range(count):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return times


def explain_search(text: str) -> tuple[str, float, bool]:
    from django.db import connection

    from commitments.search import MATCHING_SQL

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + MATCHING_SQL, [text])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    execution = float(plan.rsplit("Execution Time: ", 1)[1].split()[0])
    return plan, execution, "commitments_commitmentsearch_document" in plan


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))
    return ordered[index]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    setup_django()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from commitments.models import Commitment, Provenance
    from commitments.permissions import VIEWER
    from commitments.search import commitments_matching

    print(
        f"database: {connection.settings_dict['NAME']} on "
        f"{connection.settings_dict['HOST']}:{connection.settings_dict['PORT']}"
    )
    call_command("migrate", verbosity=0)
    if not (args.reuse and Commitment.objects.count() == args.commitments):
        load(args)
    viewer, _ = get_user_model().objects.get_or_create(username="bench-viewer")
    viewer.groups.add(Group.objects.get(name=VIEWER))
    client = Client()
    client.force_login(viewer)
    url = reverse("commitments:commitment_list")

    figures: dict = {
        "commitments": Commitment.objects.count(),
        "quotes": Provenance.objects.count(),
        "requests": args.requests,
    }
    # The most common word (most rows match: the list's own cost) and no
    # search at all, for scale; fewer requests, they are slow.
    common = Commitment.objects.order_by("pk").first().title.split()
    common_word = min(common)
    cases = [(f"words_{count}", " ".join(target_words(count))) for count in WORD_COUNTS]
    cases += [("common_word", common_word), ("unfiltered", "")]
    print()
    for name, words in cases:
        query_url = f"{url}?{urlencode({'q': words})}" if words else url
        sent: list[str] = []

        def counter(execute, sql, params, many, context, sent=sent):
            sent.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            assert client.get(query_url).status_code == 200
        matched = commitments_matching(Commitment.objects.all(), words).count()
        plan, sql_ms, uses_index = explain_search(words)
        timed = name.startswith("words_")
        times = time_requests(
            client,
            query_url,
            args.requests if timed else 3,
            args.warmup if timed else 1,
        )
        figures[name] = {
            "median_ms": round(statistics.median(times), 1),
            "p95_ms": round(percentile(times, 0.95), 1),
            "search_sql_ms": sql_ms,
            "uses_gin_index": uses_index,
            "matched": matched,
            "queries": len(sent),
        }
        print(f"--- {name}: q={words!r}\n{plan}\n")
    print(f"commitments {figures['commitments']:>10,}, quotes {figures['quotes']:,}")
    for name, words in cases:
        row = figures[name]
        print(
            f"GET /commitments/ {name:<12} ({len(words.split())} words): "
            f"median {row['median_ms']:.0f} ms, p95 {row['p95_ms']:.0f} ms, "
            f"search statement {row['search_sql_ms']:.1f} ms "
            f"(GIN index used: {row['uses_gin_index']}), {row['matched']:,} matched, "
            f"{row['queries']} queries"
        )
    print(json.dumps({"benchmark": "search", **figures}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
