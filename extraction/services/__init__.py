"""Every write of the extraction app: ingesting texts, reviewing candidates,
bulk import. Each service is atomic and records who acted and why."""
