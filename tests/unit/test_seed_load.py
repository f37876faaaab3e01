import hashlib
import json

import pytest
from django.conf import settings

from commitments.models import Agreement, Commitment, Provenance, SourceDocument
from commitments.services.seed import SEED_REASON, seed_load

SEED = json.loads(settings.TRACKER_SEED_FILE.read_text(encoding="utf-8"))

EXPECTED_REFERENCES = {
    "jwg-quarterly",
    "ministerial-review-annual",
    "islamabad-protection-unit",
    "npa-bpc-agreement",
    "asp-training-bpc",
    "rapid-response-systems",
    "police-training-exchanges",
    "sister-cities-skills-strategy",
    "cybercrime-nccia",
    "counterterrorism-coordination",
    "wang-xiaohong-visit-pakistan",
    "global-security-cooperation-forum",
}


# The verbatim texts (copied from the shared sources, never edited: a
# correction is a new document). Pinned here so that an edit fails a test
# wherever the checkout sits, with or without ../shared beside it.
SOURCE_DIGESTS = {
    "2026-pk-cn-police-training-beijing.txt": (
        "837a9b0ac9143855a780237fdb8fc364beb95b2395e824a96f244f031921ca73"
    ),
    "2026-pk-cn-protection-unit-islamabad.txt": (
        "3dc24caadbc2dc034d5bd7dff02ff0785813b2fb6e949e411e324d50decf9b06"
    ),
}


def test_the_source_fixtures_are_the_texts_the_seed_names_unchanged():
    files = {path.name: path for path in settings.TRACKER_SOURCES_DIR.glob("*.txt")}
    assert set(files) == {source["file"] for source in SEED["sources"]}
    assert {
        name: hashlib.sha256(path.read_bytes()).hexdigest()
        for name, path in files.items()
    } == SOURCE_DIGESTS


def test_the_stored_sources_are_the_fixture_texts_byte_for_byte(seeded):
    stored = {document.content_hash for document in SourceDocument.objects.all()}
    assert stored == set(SOURCE_DIGESTS.values())
    for source in SEED["sources"]:
        path = settings.TRACKER_SOURCES_DIR / source["file"]
        document = SourceDocument.objects.get(
            content_hash=SOURCE_DIGESTS[source["file"]]
        )
        assert document.text.encode("utf-8") == path.read_bytes()


@pytest.mark.parametrize(
    "quote",
    [quote for item in SEED["commitments"] for quote in item["quotes"]],
    ids=lambda quote: f"{quote['source'][:20]}@{quote['start']}",
)
def test_every_seed_quote_is_the_source_text_at_its_offsets(quote):
    text = (settings.TRACKER_SOURCES_DIR / quote["source"]).read_text(encoding="utf-8")
    assert text[quote["start"] : quote["end"]] == quote["quote"]


def test_seed_holds_every_commitment_the_texts_state(seeded):
    assert set(Commitment.objects.values_list("reference", flat=True)) == (
        EXPECTED_REFERENCES
    )
    assert seeded.created["commitments"] == len(EXPECTED_REFERENCES)
    for provenance in Provenance.objects.select_related("source"):
        text = provenance.source.text
        assert text[provenance.quote_start : provenance.quote_end] == provenance.quote


def test_seed_records_are_attributed_to_the_system_account(seeded, system):
    jwg = Commitment.objects.get(reference="jwg-quarterly")
    first = jwg.history.earliest()
    assert first.history_user == system
    assert first.history_change_reason == SEED_REASON


def test_loading_the_seed_twice_creates_nothing_new(seeded, system):
    history_before = Commitment.history.count() + Provenance.history.count()
    report = seed_load(
        seed_file=settings.TRACKER_SEED_FILE,
        sources_dir=settings.TRACKER_SOURCES_DIR,
        actor=system,
    )
    assert report.created == {}
    assert report.existing["commitments"] == len(EXPECTED_REFERENCES)
    assert Commitment.objects.count() == len(EXPECTED_REFERENCES)
    assert SourceDocument.objects.count() == 2
    assert Agreement.objects.count() == 2
    assert Commitment.history.count() + Provenance.history.count() == history_before


def test_relative_dates_keep_phrase_anchor_and_precision(seeded):
    forum = Commitment.objects.get(reference="global-security-cooperation-forum")
    assert forum.due_phrase == "this September"
    assert forum.due_precision == "month"
    assert forum.due_date.isoformat() == "2026-09-30"
    assert forum.resolved_against.isoformat() == "2026-01-07"


def test_undated_commitments_ask_for_a_target_date(seeded):
    unit = Commitment.objects.get(reference="islamabad-protection-unit")
    assert unit.due_date is None
    assert unit.due_precision == "unknown"
    assert unit.needs_target_date
    jwg = Commitment.objects.get(reference="jwg-quarterly")
    assert not jwg.needs_target_date


def test_assumed_dates_are_flagged_not_silent(seeded):
    talks = Agreement.objects.get(reference="pk-cn-interior-talks-2026")
    assert talks.date_is_assumed
    assert "assumed" in talks.date_note
    assert all(doc.published_on_is_approximate for doc in SourceDocument.objects.all())


def test_training_is_stated_in_both_texts(seeded):
    training = Commitment.objects.get(reference="asp-training-bpc")
    assert training.provenance.count() == 2
    assert training.duration_days == 30
    assert {o.lead_institution.acronym for o in training.obligations.all()} == {
        "NPA",
        "BPC",
    }
