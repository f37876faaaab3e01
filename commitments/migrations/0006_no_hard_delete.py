# Records are archived, never deleted; filled in by the no-hard-delete work.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("commitments", "0005_search_indexes")]

    operations = []
