import pytest
from django.core.management import CommandError, call_command


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-02-30T00:00Z", "not an ISO date-time"),
        ("2026-04-09", "no time zone"),
        ("yesterday", "not an ISO date-time"),
    ],
)
def test_bad_as_of_values_are_refused_with_a_clear_message(value, message):
    with pytest.raises(CommandError, match=message):
        call_command("flag_overdue", "--as-of", value)
