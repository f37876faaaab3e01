"""A backup restores to the same rows and files: seeded through the services
(history, follow-ups with evidence), backed up, restored by `manage.py restore`
into a fresh database and media folder, and compared table by table and file
by file. Damaged archives and occupied targets are refused."""

import datetime
import hashlib
import os
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from psycopg import sql

from backups.errors import BackupError
from backups.services import backup_restore
from commitments.models import Commitment, Milestone
from commitments.permissions import MANAGER
from commitments.services.followups import followup_log, milestone_complete
from commitments.services.milestones import milestones_generate
from commitments.services.sweeps import milestone_statuses_flag
from tests.conftest import REPO_ROOT
from tests.factories import CommitmentFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
UTC = datetime.UTC
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def _libpq(name: str) -> dict:
    settings = connection.settings_dict
    return {
        "host": settings["HOST"] or None,
        "port": settings["PORT"] or None,
        "user": settings["USER"] or None,
        "password": settings["PASSWORD"] or None,
        "dbname": name,
    }


def _url(name: str) -> str:
    settings = connection.settings_dict
    auth = settings["USER"] + (
        f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    )
    return f"postgres://{auth}@{settings['HOST']}:{settings['PORT']}/{name}"


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def fresh_database() -> Iterator[str]:
    """An empty database beside the test database, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restore"
    with psycopg.connect(**_libpq("postgres"), autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name))
        )
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield name
    with psycopg.connect(**_libpq("postgres"), autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)
            )
        )


@pytest.fixture
def lived_in(seeded, system, media):
    """Milestones generated and flagged (history by the system account), a
    completion and a note, each with an evidence file."""
    officer = UserFactory(username="officer")
    officer.groups.add(Group.objects.get(name=MANAGER))
    with time_machine.travel(datetime.datetime(2026, 4, 10, 6, tzinfo=UTC)):
        milestones_generate(
            as_of=datetime.datetime(2026, 1, 8, tzinfo=UTC), actor=system
        )
        milestone_statuses_flag(
            as_of=datetime.datetime(2026, 4, 10, tzinfo=UTC), actor=system
        )
        jwg = Commitment.objects.get(reference="jwg-quarterly")
        first = Milestone.objects.filter(commitment=jwg).order_by("due_date").first()
        milestone_complete(
            commitment=jwg,
            actor=officer,
            happened_on=datetime.date(2026, 4, 9),
            milestone=first,
            note="Held in Islamabad, minutes attached",
            evidence_file=SimpleUploadedFile("minutes.pdf", PDF, "application/pdf"),
        )
        followup_log(
            commitment=jwg,
            actor=officer,
            happened_on=datetime.date(2026, 4, 10),
            note="Photograph of the signing",
            evidence_file=SimpleUploadedFile("signing.png", PNG, "image/png"),
        )
    assert len(_hashes(media)) == 2


@pytest.fixture
def evidence(media):
    """One commitment and a note with an evidence file: enough to damage."""
    officer = UserFactory()
    officer.groups.add(Group.objects.get(name=MANAGER))
    followup_log(
        commitment=CommitmentFactory(),
        actor=officer,
        happened_on=datetime.date(2026, 4, 9),
        note="Minutes",
        evidence_file=SimpleUploadedFile("minutes.pdf", PDF, "application/pdf"),
    )


def _hashes(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _contents(name: str) -> dict[str, list[str]]:
    """Every table of the public schema as text rows in primary-key order, and
    every sequence's position."""
    found = {}
    with psycopg.connect(**_libpq(name)) as db:
        tables = db.execute(
            "SELECT c.oid, c.relname, c.relkind FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'S') ORDER BY 2"
        ).fetchall()
        for oid, table, kind in tables:
            if kind == "S":
                query = sql.SQL("SELECT (last_value, is_called)::text FROM {}")
                found[table] = [
                    row[0] for row in db.execute(query.format(sql.Identifier(table)))
                ]
                continue
            keys = [
                row[0]
                for row in db.execute(
                    "SELECT a.attname FROM pg_index i JOIN pg_attribute a "
                    "ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
                    "WHERE i.indrelid = %s AND i.indisprimary ORDER BY a.attnum",
                    [oid],
                )
            ]
            order = (
                sql.SQL(", ").join(map(sql.Identifier, keys)) if keys else sql.SQL("1")
            )
            query = sql.SQL("SELECT t::text FROM {} t ORDER BY {}").format(
                sql.Identifier(table), order
            )
            found[table] = [row[0] for row in db.execute(query)]
    return found


def _restore(
    archive: Path, database: str, media_root: Path
) -> subprocess.CompletedProcess:
    """`manage.py restore` as an operator runs it: its own process and settings."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "REDIS_", "CACHE_", "CELERY_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="tracker.settings.base",
        DATABASE_URL=_url(database),
        DJANGO_MEDIA_ROOT=str(media_root),
        TRACKER_VAR_DIR=str(media_root.parent / "var"),
    )
    return subprocess.run(
        [sys.executable, str(REPO_ROOT / "manage.py"), "restore", str(archive)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_a_restore_holds_every_row_and_every_file(
    lived_in, media, fresh_database, tmp_path
):
    archive = tmp_path / "tracker.tar"
    call_command("backup", str(archive))
    restored = tmp_path / "restored-media"

    result = _restore(archive, fresh_database, restored)

    assert result.returncode == 0, result.stderr
    source, copy = (
        _contents(connection.settings_dict["NAME"]),
        _contents(fresh_database),
    )
    assert source.keys() == copy.keys()
    for table, rows in source.items():
        assert copy[table] == rows, table
    assert source["commitments_followup"]
    assert source["commitments_historicalmilestone"]
    assert _hashes(restored) == _hashes(media)


def test_a_compressed_archive_restores_too(evidence, media, fresh_database, tmp_path):
    archive = tmp_path / "tracker.tar.gz"
    call_command("backup", str(archive))
    restored = tmp_path / "restored-media"

    result = _restore(archive, fresh_database, restored)

    assert result.returncode == 0, result.stderr
    assert _hashes(restored) == _hashes(media)


def test_a_restore_refuses_a_database_that_has_tables(media, tmp_path):
    archive = tmp_path / "tracker.tar"
    call_command("backup", str(archive))
    with pytest.raises(BackupError, match="is not empty"):
        backup_restore(archive, media_root=tmp_path / "empty-media")


def test_a_restore_refuses_a_media_folder_that_has_files(
    media, fresh_database, tmp_path
):
    archive = tmp_path / "tracker.tar"
    call_command("backup", str(archive))
    occupied = tmp_path / "occupied"
    (occupied / "evidence").mkdir(parents=True)
    (occupied / "evidence" / "old.pdf").write_bytes(PDF)

    result = _restore(archive, fresh_database, occupied)

    assert result.returncode == 1
    assert f"the media folder {occupied} holds files" in result.stderr
    assert "--force" in result.stderr


def _flip_a_byte(archive: Path, member_prefix: str) -> str:
    with tarfile.open(archive) as tar:
        member = next(m for m in tar if m.name.startswith(member_prefix))
    with archive.open("r+b") as handle:
        handle.seek(member.offset_data + member.size // 2)
        byte = handle.read(1)
        handle.seek(-1, os.SEEK_CUR)
        handle.write(bytes([byte[0] ^ 0x01]))
    return member.name


@pytest.mark.parametrize("member", ["media/evidence/", "database.dump"])
def test_a_damaged_archive_is_refused_naming_the_file(
    evidence, member, fresh_database, tmp_path
):
    archive = tmp_path / "tracker.tar"
    call_command("backup", str(archive))
    damaged = _flip_a_byte(archive, member)
    restored = tmp_path / "restored-media"

    result = _restore(archive, fresh_database, restored)

    assert result.returncode == 1
    assert f"{damaged} in {archive} does not match its SHA-256" in result.stderr
    assert _contents(fresh_database) == {}  # nothing was restored
    assert not restored.exists() or not _hashes(restored)
