"""/api/v1/candidates/: the review queue's candidates; accept and reject."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from api import selectors
from api.filters import CandidateFilter
from api.serializers.candidates import (
    CandidateAcceptSerializer,
    CandidateRejectSerializer,
    CandidateSerializer,
)
from api.serializers.commitments import CommitmentSerializer
from api.writes import form_data, form_errors, request_reason
from commitments.permissions import require
from extraction import selectors as extraction_selectors
from extraction.forms import AcceptForm, RejectForm
from extraction.models import Candidate
from extraction.permissions import can_read_queue, can_review
from extraction.services.review import (
    candidate_accept_chosen,
    candidate_reject,
)


class CandidateViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Clauses proposed from the texts you may work from (a counterpart: none,
    the review is the ministry's own work)."""

    serializer_class = CandidateSerializer
    filterset_class = CandidateFilter
    ordering_fields = ("id", "created_at", "confidence")
    ordering = ("-id",)

    @staticmethod
    def role_check(user) -> bool:
        return can_read_queue(user)

    def get_queryset(self):
        return selectors.candidate_rows(user=self.request.user)

    def _open(self, request: Request, pk: str | None) -> Candidate:
        """The candidate (outside the user's texts: 404), for a reviewer (403)."""
        if pk is None or not pk.isdigit() or int(pk) >= 2**31:
            raise Http404
        try:
            candidate = extraction_selectors.candidate_get(
                pk=int(pk), user=request.user
            )
        except Candidate.DoesNotExist:
            raise Http404 from None
        require(can_review(request.user))
        if not candidate.is_open:
            raise ValidationError(
                {"non_field_errors": ["This candidate has already been decided."]}
            )
        return candidate

    @extend_schema(
        request=CandidateAcceptSerializer,
        responses={201: CommitmentSerializer},
        summary="Accept a candidate as a new commitment (fields as on the page)",
        filters=False,
    )
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def accept(self, request: Request, pk: str | None = None) -> Response:
        """The review page's accept form: the candidate's proposal, with the
        fields sent replacing it; `reason` (or X-Reason) required."""
        candidate = self._open(request, pk)
        reason = request_reason(request)
        data = {
            name: ("" if value is None else value)
            for name, value in AcceptForm.initial_for(candidate).items()
        }
        data.update(
            form_data(
                request,
                drop=("reason",),
                multiple=("parties", "lead_institutions", "new_agreement_parties"),
            ),
            reason=reason,
        )
        # Only the agreements (and owners) one may see are accepted, as on the page.
        form = AcceptForm(data, candidate=candidate, user=request.user)
        if not form.is_valid():
            raise form_errors(form)
        cleaned = form.cleaned_data
        try:
            commitment = candidate_accept_chosen(
                candidate=candidate,
                actor=request.user,
                reason=reason,
                chosen=cleaned,
                fields=form.commitment_fields(),
            )
        except DjangoValidationError as error:
            form.add_error(None, error)
            raise form_errors(form) from None
        return Response(
            CommitmentSerializer(
                selectors.commitment_detail_rows(user=request.user).get(
                    pk=commitment.pk
                ),
                context=self.get_serializer_context(),
            ).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        request=CandidateRejectSerializer,
        responses={200: CandidateSerializer},
        summary="Reject a candidate (the reason is kept)",
        filters=False,
    )
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def reject(self, request: Request, pk: str | None = None) -> Response:
        """Take the candidate out of the queue, with the reason."""
        candidate = self._open(request, pk)
        reason = request_reason(request)
        form = RejectForm({"reason": reason})  # the page's limits
        if not form.is_valid():
            raise form_errors(form)
        rejected = candidate_reject(
            candidate=candidate, actor=request.user, reason=form.cleaned_data["reason"]
        )
        return Response(
            CandidateSerializer(rejected, context=self.get_serializer_context()).data
        )
