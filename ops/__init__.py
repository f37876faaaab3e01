"""Operations: job run records, the worker heartbeat and the health checks."""
