"""Django's and django-axes' own admins under the same list rules as ours
(bounded search, no 500 on an impossible list filter); users are in
commitments/admin.py, which also refuses to delete them."""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.models import Group

from core.readonly_admin import BoundedSearchMixin

for model, model_admin in (
    (Group, GroupAdmin),
    (AccessAttempt, AccessAttemptAdmin),
    (AccessLog, AccessLogAdmin),
    (AccessFailureLog, AccessFailureLogAdmin),
):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
        bounded = type(
            f"Bounded{model_admin.__name__}", (BoundedSearchMixin, model_admin), {}
        )
        admin.site.register(model, bounded)
