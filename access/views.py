"""Desk management pages for administrators: parse, call one service, render.

Every page needs ``access.manage_desks`` (403 otherwise; the login is required
by the middleware). Lists are paginated.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from access import selectors, services
from access.forms import AgreementAddForm, DeskForm, MemberAddForm, RemoveForm
from access.models import Desk
from commitments.forms import add_service_errors
from commitments.permissions import permission_required
from commitments.views.common import found
from core.forms import MAX_ID

PAGE_SIZE = 50
MANAGE = "access.manage_desks"


def _id(value: int) -> int:
    """An id from the path; one past the database's range names no row (404)."""
    if value > MAX_ID:
        raise Http404("No such row.")
    return value


@permission_required(MANAGE)
def desk_list(request: HttpRequest) -> HttpResponse:
    """Desks, a page at a time, with their members and agreements counted."""
    page = Paginator(selectors.desk_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "access/desk_list.html",
        {"desks": page.object_list, "page": page, "query": ""},
    )


@permission_required(MANAGE)
def desk_create(request: HttpRequest) -> HttpResponse:
    """Create a desk."""
    form = DeskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            desk = services.desk_create(
                name=form.cleaned_data["name"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Desk “%(name)s” created.") % {"name": desk.name}
            )
            return redirect("access:desk_detail", desk.pk)
    return render(request, "access/desk_form.html", {"form": form, "desk": None})


@permission_required(MANAGE)
def desk_rename(request: HttpRequest, pk: int) -> HttpResponse:
    """Rename a desk."""
    desk = found(selectors.desk_get, pk=_id(pk))
    form = DeskForm(request.POST or None, initial={"name": desk.name})
    if request.method == "POST" and form.is_valid():
        try:
            services.desk_rename(
                desk=desk,
                name=form.cleaned_data["name"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Desk renamed."))
            return redirect("access:desk_detail", desk.pk)
    return render(request, "access/desk_form.html", {"form": form, "desk": desk})


def _detail(
    request: HttpRequest,
    desk: Desk,
    *,
    member_form: MemberAddForm | None = None,
    agreement_form: AgreementAddForm | None = None,
    status: int = 200,
) -> HttpResponse:
    members = Paginator(selectors.desk_members(desk=desk), PAGE_SIZE).get_page(
        request.GET.get("members")
    )
    agreements = Paginator(selectors.desk_agreements(desk=desk), PAGE_SIZE).get_page(
        request.GET.get("agreements")
    )
    return render(
        request,
        "access/desk_detail.html",
        {
            "desk": desk,
            "members": members,
            "agreements": agreements,
            "member_form": member_form or MemberAddForm(),
            "agreement_form": agreement_form or AgreementAddForm(),
            "remove_form": RemoveForm(),
        },
        status=status,
    )


@permission_required(MANAGE)
def desk_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A desk: its members and agreements, and the forms to change them."""
    return _detail(request, found(selectors.desk_get, pk=_id(pk)))


@require_POST
@permission_required(MANAGE)
def desk_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Put a user on the desk."""
    desk = found(selectors.desk_get, pk=_id(pk))
    form = MemberAddForm(request.POST)
    if form.is_valid():
        try:
            services.desk_member_add(
                desk=desk,
                user=form.cleaned_data["user"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(username)s added.") % {"username": form.cleaned_data["username"]},
            )
            return redirect("access:desk_detail", desk.pk)
    return _detail(request, desk, member_form=form, status=400)


@require_POST
@permission_required(MANAGE)
def desk_agreement_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Give the desk an agreement."""
    desk = found(selectors.desk_get, pk=_id(pk))
    form = AgreementAddForm(request.POST)
    if form.is_valid():
        try:
            services.desk_agreement_add(
                desk=desk,
                agreement=form.cleaned_data["agreement"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Agreement added."))
            return redirect("access:desk_detail", desk.pk)
    return _detail(request, desk, agreement_form=form, status=400)


def _remove(request: HttpRequest, desk: Desk, call, **target) -> HttpResponse:
    form = RemoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why it is removed: the reason goes in history."))
        return redirect("access:desk_detail", desk.pk)
    try:
        call(
            desk=desk, actor=request.user, reason=form.cleaned_data["reason"], **target
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Removed."))
    return redirect("access:desk_detail", desk.pk)


@require_POST
@permission_required(MANAGE)
def desk_member_remove(request: HttpRequest, pk: int, user_pk: int) -> HttpResponse:
    """Take a member off the desk."""
    desk = found(selectors.desk_get, pk=_id(pk))
    membership = get_object_or_404(
        selectors.desk_members(desk=desk), user_id=_id(user_pk)
    )
    return _remove(request, desk, services.desk_member_remove, user=membership.user)


@require_POST
@permission_required(MANAGE)
def desk_agreement_remove(
    request: HttpRequest, pk: int, agreement_pk: int
) -> HttpResponse:
    """Take an agreement off the desk."""
    desk = found(selectors.desk_get, pk=_id(pk))
    link = get_object_or_404(
        selectors.desk_agreements(desk=desk), agreement_id=_id(agreement_pk)
    )
    return _remove(
        request, desk, services.desk_agreement_remove, agreement=link.agreement
    )


@permission_required(MANAGE)
def desk_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Who changed the desk, its members and agreements, when and why."""
    desk = found(selectors.desk_get, pk=_id(pk))
    page = Paginator(selectors.desk_history(desk=desk), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "access/desk_history.html",
        {"desk": desk, "changes": page.object_list, "page": page, "query": ""},
    )
