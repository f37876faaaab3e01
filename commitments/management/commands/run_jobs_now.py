"""Run every periodic job once, in this process (the demo calls it at start)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from tracker.celery import app


class Command(BaseCommand):
    help = "Run each task of the beat schedule once, synchronously, and print it."

    def handle(self, *args: object, **options: object) -> None:
        app.loader.import_default_modules()
        if not settings.CELERY_BEAT_SCHEDULE:
            self.stdout.write("No periodic jobs are scheduled.")
        for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
            task = app.tasks[entry["task"]]
            result = task.apply().get()
            self.stdout.write(f"{name}: {result}")
