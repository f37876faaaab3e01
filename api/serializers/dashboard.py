"""The dashboard's figures as data: the page's context (reporting.page_context)
without its charts, each figure with the page link that lists its rows."""

from typing import Any

from rest_framework import serializers

from reporting.page_context import Figure


def _figure(figure: Figure) -> dict[str, Any]:
    return {
        "label": figure.label,
        "value": figure.value,
        "status": figure.status,
        "link": figure.url,
    }


def _milestone(milestone: Any) -> dict[str, Any]:
    return {
        "id": milestone.pk,
        "commitment": milestone.commitment_id,
        "commitment_reference": milestone.commitment.reference,
        "title": milestone.title or milestone.commitment.title,
        "due_date": milestone.due_date,
        "status": milestone.status,
    }


def _breakdown(rows: list[dict]) -> list[dict[str, Any]]:
    return [
        {
            "name": row["name"],
            "total": _figure(row["total"]),
            "by_status": [_figure(cell) for cell in row["cells"]],
        }
        for row in rows
    ]


def dashboard_payload(context: dict[str, Any]) -> dict[str, Any]:
    """The figures of a dashboard context (page_context.dashboard_context)."""
    cadence = context["cadence"]
    return {
        "computed_at": context["computed_at"],
        "commitments": _figure(context["status_total"]),
        "commitments_by_status": [_figure(f) for f in context["by_status"]],
        "due_in_30_days": _figure(context["due_30"]),
        "due_in_90_days": _figure(context["due_90"]),
        "overdue": _figure(context["overdue_total"]),
        "overdue_by_age": [_figure(f) for f in context["overdue_ages"]],
        "due_so_far": _figure(context["due_so_far"]),
        "done_on_time": _figure(context["on_time"]),
        "on_time_rate": context["on_time_rate"],
        "cadence": {"held": cadence.held, "due": cadence.due, "rate": cadence.rate},
        "next_quarter_by_week": [_figure(f) for f in context["calendar"]],
        "late": [_milestone(m) for m in context["late"]],
        "upcoming": [_milestone(m) for m in context["upcoming"]],
        "by_agreement": _breakdown(context["by_agreement"]),
        "by_party": _breakdown(context["by_party"]),
        "by_institution": _breakdown(context["by_institution"]),
        "by_owner": _breakdown(context["by_owner"]),
    }


class FigureSerializer(serializers.Serializer):
    label = serializers.CharField()
    value = serializers.IntegerField()
    status = serializers.CharField(allow_blank=True)
    link = serializers.CharField(help_text="The page listing the rows counted.")


class DashboardMilestoneSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    commitment = serializers.IntegerField()
    commitment_reference = serializers.CharField()
    title = serializers.CharField()
    due_date = serializers.DateField()
    status = serializers.CharField()


class BreakdownRowSerializer(serializers.Serializer):
    name = serializers.CharField()
    total = FigureSerializer()
    by_status = FigureSerializer(many=True)


class CadenceSerializer(serializers.Serializer):
    held = serializers.IntegerField()
    due = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True)


class DashboardSerializer(serializers.Serializer):
    """What /api/v1/dashboard/ answers (documented; built by dashboard_payload)."""

    computed_at = serializers.DateTimeField()
    commitments = FigureSerializer()
    commitments_by_status = FigureSerializer(many=True)
    due_in_30_days = FigureSerializer()
    due_in_90_days = FigureSerializer()
    overdue = FigureSerializer()
    overdue_by_age = FigureSerializer(many=True)
    due_so_far = FigureSerializer()
    done_on_time = FigureSerializer()
    on_time_rate = serializers.FloatField(allow_null=True)
    cadence = CadenceSerializer()
    next_quarter_by_week = FigureSerializer(many=True)
    late = DashboardMilestoneSerializer(many=True)
    upcoming = DashboardMilestoneSerializer(many=True)
    by_agreement = BreakdownRowSerializer(many=True)
    by_party = BreakdownRowSerializer(many=True)
    by_institution = BreakdownRowSerializer(many=True)
    by_owner = BreakdownRowSerializer(many=True)
