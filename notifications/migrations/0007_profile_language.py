from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0006_reminder_rule_exchange_kind"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalprofile",
            name="language",
            field=models.CharField(
                blank=True,
                choices=[("en-gb", "English"), ("ur", "اردو"), ("zh-hans", "简体中文")],
                default="",
                max_length=12,
            ),
        ),
        migrations.AddField(
            model_name="profile",
            name="language",
            field=models.CharField(
                blank=True,
                choices=[("en-gb", "English"), ("ur", "اردو"), ("zh-hans", "简体中文")],
                default="",
                max_length=12,
            ),
        ),
    ]
