"""The page benchmark (benchmarks/pages.py) at a tiny size, so it cannot rot:
every page it times answers 200 and its JSON line names every page."""

import json

import pytest

from benchmarks import pages

# Transactional: the loader truncates and ends with VACUUM, which no
# transaction may hold; serialized_rollback restores the migrated rows (the
# roles) for the tests that follow.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TINY = [
    "--commitments",
    "60",
    "--milestones",
    "600",
    "--runs",
    "1",
    "--warmup",
    "0",
    "--export-rows",
    "50",
    "--export-runs",
    "1",
]


def test_every_page_answers_and_the_json_line_names_it(capsys):
    # main() raises PageError for any page that does not answer 200.
    assert pages.main(TINY) == 0

    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    expected = pages.page_list(pages.ensure_world(50))
    api = {"api: commitments, page of 50", "api: commitments, next page (cursor)"}
    assert {page.name for page in expected if not page.export} | api == set(
        result["pages"]
    )
    # The cursor's next page costs what the first does: no count, no offset.
    assert len({result["pages"][name]["queries"] for name in api}) == 1
    assert {page.name for page in expected if page.export} == set(result["exports"])
    assert len(expected) > 30
    for figures in [*result["pages"].values(), *result["exports"].values()]:
        assert figures["queries"] > 0
        assert figures["median_ms"] > 0
    assert result["max_median_ms"] == max(
        figures["median_ms"] for figures in result["pages"].values()
    )
    assert result["size"]["commitments"] == 60
    assert result["size"]["milestones"] == 600
    assert all(export["rows"] >= 50 for export in result["exports"].values())
