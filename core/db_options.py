"""The PostgreSQL session options every connection starts with (pure: the
settings import it before Django is set up)."""


def connection_options(statement_timeout_ms: int) -> str:
    """libpq ``options`` for a connection: its statement timeout, and no JIT.

    JIT compiling costs more than it saves on the product's short queries (one
    list page's statement spent 666 of its 699 ms compiling at 100,000
    commitments); the dashboard already turned it off for its own reads.
    """
    return f"-c statement_timeout={statement_timeout_ms} -c jit=off"
