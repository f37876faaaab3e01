"""The one error a backup or restore refuses with: its message says what to do."""


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator."""
