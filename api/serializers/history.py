"""A record's history rows (django-simple-history), newest first."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from rest_framework import serializers

HISTORY_TYPES = {"+": "created", "~": "changed", "-": "removed"}


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass
class HistoryRow:
    """One history row as the API shows it."""

    history_id: int
    when: datetime.datetime
    who: str | None
    type: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)


def _tracked(record: Any) -> list:
    return [
        model_field
        for model_field in record._meta.concrete_fields
        if not model_field.name.startswith("history_")
    ]


def _value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return str(value)


def history_row(record: Any, before: Any | None) -> HistoryRow:
    """The row, with the fields that differ from the one before it (none for
    a creation)."""
    changes = []
    if record.history_type == "~" and before is not None:
        for model_field in _tracked(record):
            old = getattr(before, model_field.attname)
            new = getattr(record, model_field.attname)
            if old != new:
                changes.append(FieldChange(model_field.name, _value(old), _value(new)))
    user = record.history_user
    return HistoryRow(
        history_id=record.history_id,
        when=record.history_date,
        who=user.get_username() if user is not None else None,
        type=HISTORY_TYPES.get(record.history_type, record.history_type),
        reason=record.history_change_reason or "",
        changes=changes,
    )


def history_page(records: list, older: Any | None) -> list[HistoryRow]:
    """Rows of a page (newest first) and the row just older than the page."""
    rows = []
    for index, record in enumerate(records):
        before = records[index + 1] if index + 1 < len(records) else older
        rows.append(history_row(record, before))
    return rows


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    old = serializers.JSONField(allow_null=True)
    new = serializers.JSONField(allow_null=True)


class HistoryRowSerializer(serializers.Serializer):
    history_id = serializers.IntegerField()
    when = serializers.DateTimeField()
    who = serializers.CharField(allow_null=True, help_text="The acting username.")
    type = serializers.ChoiceField(choices=list(HISTORY_TYPES.values()))
    reason = serializers.CharField(allow_blank=True)
    changes = FieldChangeSerializer(many=True)
