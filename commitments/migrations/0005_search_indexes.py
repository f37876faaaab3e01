# Full-text search indexes (PostgreSQL only); filled in by the search work.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("commitments", "0004_roles")]

    operations = []
