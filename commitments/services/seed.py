"""Loading the shipped seed (fixtures/seed.json) through services, with history.

Safe to run twice: every record is keyed by a natural key (party code,
institution name, source text hash, agreement and commitment reference) and an
existing one is left alone.
"""

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from commitments.models import Agreement, Commitment, Institution, Party, SourceDocument
from commitments.services.agreements import agreement_create
from commitments.services.commitments import (
    ObligationSpec,
    QuoteSpec,
    commitment_create,
)
from commitments.services.directory import (
    institution_ensure,
    party_ensure,
    person_ensure,
)
from commitments.services.sources import source_document_import

SEED_REASON = "Seed data from the source texts"
# Optional commitment fields copied from the seed as they are, dates parsed.
DATE_FIELDS = ("cadence_start", "cadence_end", "due_date", "resolved_against")
PLAIN_FIELDS = (
    "description",
    "cadence_rrule",
    "cadence_phrase",
    "cadence_count",
    "due_precision",
    "due_phrase",
    "resolution_note",
    "duration_days",
)


@dataclass
class SeedReport:
    """What a seed load created and what it found already there."""

    created: dict[str, int] = field(default_factory=dict)
    existing: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, *, was_created: bool) -> None:
        bucket = self.created if was_created else self.existing
        bucket[kind] = bucket.get(kind, 0) + 1


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


@transaction.atomic
def seed_load(
    *, seed_file: Path, sources_dir: Path, actor: AbstractBaseUser | None
) -> SeedReport:
    """Create every seed record that is missing; return what was created."""
    data = json.loads(seed_file.read_text(encoding="utf-8"))
    report = SeedReport()
    audit = {"actor": actor, "reason": SEED_REASON}

    parties: dict[str, Party] = {}
    for item in data["parties"]:
        was_created = not Party.objects.filter(code=item["code"]).exists()
        parties[item["code"]] = party_ensure(**item, **audit)
        report.count("parties", was_created=was_created)

    institutions: dict[tuple[str, str], Institution] = {}
    for item in data["institutions"]:
        party = parties[item["party"]]
        key = (item["party"], item["name"])
        was_created = not Institution.objects.filter(
            party=party, name=item["name"]
        ).exists()
        institutions[key] = institution_ensure(
            party=party, name=item["name"], acronym=item.get("acronym", ""), **audit
        )
        report.count("institutions", was_created=was_created)

    for item in data["people"]:
        party = parties[item["party"]]
        institution = institutions.get((item["party"], item.get("institution", "")))
        before = party.people.count()
        person_ensure(
            party=party,
            name=item["name"],
            title=item.get("title", ""),
            institution=institution,
            **audit,
        )
        report.count("people", was_created=party.people.count() > before)

    sources: dict[str, SourceDocument] = {}
    for item in data["sources"]:
        text = (sources_dir / item["file"]).read_text(encoding="utf-8")
        document, was_created = source_document_import(
            title=item["title"],
            text=text,
            file_name=item["file"],
            publisher=item.get("publisher", ""),
            url=item.get("url", ""),
            published_on=_date(item.get("published_on")),
            published_on_is_approximate=item.get("approximate", False),
            publication_note=item.get("note", ""),
            **audit,
        )
        sources[item["file"]] = document
        report.count("sources", was_created=was_created)

    agreements: dict[str, Agreement] = {}
    for item in data["agreements"]:
        agreement = Agreement.objects.filter(reference=item["reference"]).first()
        if agreement is None:
            agreement = agreement_create(
                reference=item["reference"],
                title=item["title"],
                kind=item["kind"],
                parties=[parties[code] for code in item["parties"]],
                date=_date(item.get("date")),
                date_precision=item.get("date_precision", "day"),
                date_is_assumed=item.get("date_is_assumed", False),
                date_note=item.get("date_note", ""),
                place=item.get("place", ""),
                time_zone=item.get("time_zone"),
                summary=item.get("summary", ""),
                sources=[sources[name] for name in item.get("sources", [])],
                **audit,
            )
            report.count("agreements", was_created=True)
        else:
            report.count("agreements", was_created=False)
        agreements[item["reference"]] = agreement

    for item in data["commitments"]:
        if Commitment.objects.filter(reference=item["reference"]).exists():
            report.count("commitments", was_created=False)
            continue
        commitment_create(
            agreement=agreements[item["agreement"]],
            reference=item["reference"],
            title=item["title"],
            kind=item["kind"],
            obligations=[
                _obligation(spec, parties, institutions) for spec in item["obligations"]
            ],
            quotes=[
                QuoteSpec(
                    source=sources[quote["source"]],
                    quote=quote["quote"],
                    start=quote["start"],
                    end=quote["end"],
                )
                for quote in item["quotes"]
            ],
            **_commitment_fields(item),
            **audit,
        )
        report.count("commitments", was_created=True)
    return report


def _obligation(
    spec: dict[str, str],
    parties: dict[str, Party],
    institutions: dict[tuple[str, str], Institution],
) -> ObligationSpec:
    lead = spec.get("lead")
    return ObligationSpec(
        party=parties[spec["party"]],
        lead_institution=institutions[(spec["party"], lead)] if lead else None,
    )


def _commitment_fields(item: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {
        name: item[name] for name in PLAIN_FIELDS if item.get(name) is not None
    }
    fields.update({name: _date(item[name]) for name in DATE_FIELDS if item.get(name)})
    return fields
