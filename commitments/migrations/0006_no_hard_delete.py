# Records are archived, never deleted (docs/decisions/0003-archive-not-delete.md):
# the archive fields, PROTECT between domain rows and towards users, and the
# verbatim text of every source kept in its history as well.
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def copy_texts_into_history(apps, schema_editor):
    # History rows written before the text was tracked get the stored text,
    # which never changes; a row whose source is already gone keeps "".
    source = apps.get_model("commitments", "SourceDocument")
    historical = apps.get_model("commitments", "HistoricalSourceDocument")
    historical.objects.update(
        text=Coalesce(
            Subquery(source.objects.filter(pk=OuterRef("id")).values("text")[:1]),
            Value(""),
        )
    )


def protect(to, related_name, **extra):
    return models.ForeignKey(
        on_delete=django.db.models.deletion.PROTECT,
        related_name=related_name,
        to=to,
        **extra,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("commitments", "0005_search_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="commitment",
            name="archive_reason",
            field=models.CharField(blank=True, editable=False, max_length=500),
        ),
        migrations.AddField(
            model_name="commitment",
            name="archived_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="commitment",
            name="archived_by",
            field=protect(
                settings.AUTH_USER_MODEL,
                "archived_commitments",
                blank=True,
                editable=False,
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="commitment",
            name="archived_from_status",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="The status before archiving, restored with the commitment.",
                max_length=12,
            ),
        ),
        migrations.AddField(
            model_name="historicalcommitment",
            name="archive_reason",
            field=models.CharField(blank=True, editable=False, max_length=500),
        ),
        migrations.AddField(
            model_name="historicalcommitment",
            name="archived_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="historicalcommitment",
            name="archived_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="historicalcommitment",
            name="archived_from_status",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="The status before archiving, restored with the commitment.",
                max_length=12,
            ),
        ),
        migrations.AddField(
            model_name="historicalsourcedocument",
            name="text",
            field=models.TextField(default=""),
            preserve_default=False,
        ),
        migrations.RunPython(copy_texts_into_history, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="commitment",
            name="owner",
            field=protect(
                settings.AUTH_USER_MODEL, "owned_commitments", blank=True, null=True
            ),
        ),
        migrations.AlterField(
            model_name="followup",
            name="commitment",
            field=protect("commitments.commitment", "followups"),
        ),
        migrations.AlterField(
            model_name="followup",
            name="milestone",
            field=protect("commitments.milestone", "followups", blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="milestone",
            name="commitment",
            field=protect("commitments.commitment", "milestones"),
        ),
        migrations.AlterField(
            model_name="obligation",
            name="commitment",
            field=protect("commitments.commitment", "obligations"),
        ),
        migrations.AlterField(
            model_name="provenance",
            name="commitment",
            field=protect("commitments.commitment", "provenance"),
        ),
        migrations.AddConstraint(
            model_name="commitment",
            constraint=models.CheckConstraint(
                condition=models.Q(archived_at__isnull=True, archive_reason="")
                | (models.Q(archived_at__isnull=False) & ~models.Q(archive_reason="")),
                name="commitment_archive_has_reason",
            ),
        ),
    ]
