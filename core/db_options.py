"""The PostgreSQL session options every connection starts with (pure: the
settings import it before Django is set up)."""

# The planner's price of a random page read against a sequential one. The
# default, 4, dates from spinning disks; on SSDs, or with the working set in
# memory as here, 1.1 is the usual setting. With 4, "my work" for an officer
# who owns 500 of 100,000 commitments scanned the whole commitment table
# (53 ms) instead of the owner index (18 ms); the dashboard already set 1.1
# for its own reads.
RANDOM_PAGE_COST = "1.1"


def connection_options(statement_timeout_ms: int) -> str:
    """libpq ``options`` for a connection: its statement timeout, no JIT, and
    the planner's random page cost for SSD storage.

    JIT compiling costs more than it saves on the product's short queries (one
    list page's statement spent 666 of its 699 ms compiling at 100,000
    commitments); the dashboard already turned it off for its own reads.
    """
    return (
        f"-c statement_timeout={statement_timeout_ms} -c jit=off"
        f" -c random_page_cost={RANDOM_PAGE_COST}"
    )
