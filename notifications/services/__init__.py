"""Writes of the notifications app: claiming reminders, sending digests."""
