"""Small pieces the entity serializers share."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from access.scope import counterpart_account


def is_counterpart_request(context: dict[str, Any]) -> bool:
    """Whether the serializer answers the other side's login (its owners'
    and authors' names are the ministry's business, as on the pages)."""
    request = context.get("request")
    return request is not None and counterpart_account(request.user) is not None


class PersonSerializer(serializers.Serializer):
    """The shape PersonField gives (for the schema)."""

    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField()


@extend_schema_field(PersonSerializer(allow_null=True))
class PersonField(serializers.Field):
    """A person as {id, username, name}; null for a counterpart's reader."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance: Any) -> Any:
        if is_counterpart_request(self.context):
            return None
        return super().get_attribute(instance)

    def to_representation(self, value: Any) -> dict | None:
        if value is None:
            return None
        return {
            "id": value.pk,
            "username": value.get_username(),
            "name": value.get_full_name() or value.get_username(),
        }
