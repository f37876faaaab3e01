"""/api/v1/sources/: the source documents (texts only one at a time); create
by text or upload, which queues extraction as the upload page does."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from api import selectors
from api.serializers.sources import (
    SourceCreateResultSerializer,
    SourceCreateSerializer,
    SourceDocumentDetailSerializer,
    SourceDocumentSerializer,
)
from api.views.base import ScopedReadOnlyViewSet
from api.writes import form_data, form_errors, reject_unknown, request_reason
from commitments.permissions import require
from core.limits import limit_value
from extraction.forms import UploadForm
from extraction.models import JobKind
from extraction.permissions import can_review
from extraction.services.ingest import document_ingest, text_check
from extraction.services.jobs import job_create
from extraction.uploads import upload_store


class SourceDocumentViewSet(ScopedReadOnlyViewSet):
    """The texts of your agreements (and, for staff, the intake not yet linked)."""

    required_permissions = ("commitments.view_sourcedocument",)
    ordering_fields = ("id", "title", "imported_at")
    ordering = ("-id",)
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_serializer_class(self):
        if self.action == "retrieve":
            return SourceDocumentDetailSerializer
        return SourceDocumentSerializer

    def rows(self, *, user):
        return selectors.source_rows(user=user)

    def detail_rows(self, *, user):
        return selectors.source_detail_rows(user=user)

    @extend_schema(
        request={
            "application/json": SourceCreateSerializer,
            "multipart/form-data": SourceCreateSerializer,
        },
        responses={
            201: SourceCreateResultSerializer,
            202: SourceCreateResultSerializer,
        },
        summary="Store a text (pasted or uploaded) and queue its candidates",
        filters=False,
    )
    def create(self, request: Request) -> Response:
        """The upload page: a text up to TEXT_INLINE_BYTES is ingested now
        (201, its candidates in the queue); a longer one by a worker (202,
        the job's id). `reason` (or X-Reason) is required and kept."""
        require(can_review(request.user))
        reason = request_reason(request)
        data = form_data(request, drop=("reason",))
        reject_unknown(data, set(UploadForm.base_fields))
        form = UploadForm(data, request.FILES)
        if not form.is_valid():
            raise form_errors(form)
        cleaned = form.cleaned_data
        try:
            text_check(text=cleaned["body"], published_on=cleaned["published"])
        except DjangoValidationError as error:
            form.add_error(None, error)
            raise form_errors(form) from None
        title = cleaned["title"] or "Untitled statement"
        encoded = cleaned["body"].encode("utf-8")
        if len(encoded) > limit_value("TEXT_INLINE_BYTES"):
            job = job_create(
                owner=request.user,
                kind=JobKind.INGEST,
                stored_name=upload_store(
                    owner_id=request.user.pk, name="text.txt", content=encoded
                ),
                file_name="text.txt",
                params={
                    "published": cleaned["published"].isoformat(),
                    "title": title,
                    "file_name": cleaned["file_name"],
                    "url": cleaned["url"],
                    "reason": reason,
                },
            )
            body = {"job": job.pk, "source": None, "is_new_document": None}
            return Response(body, status=status.HTTP_202_ACCEPTED)
        try:
            result = document_ingest(
                title=title,
                text=cleaned["body"],
                published_on=cleaned["published"],
                actor=request.user,
                file_name=cleaned["file_name"],
                url=cleaned["url"],
                reason=reason,
            )
        except DjangoValidationError as error:
            form.add_error(None, error)
            raise form_errors(form) from None
        if result.document is None:  # only a dry run stores nothing
            raise RuntimeError("document_ingest stored no document")
        body = {
            "job": None,
            "source": result.document.pk,
            "is_new_document": result.is_new_document,
            "queued": result.queued,
            "already_queued": result.already_queued,
            "truncated": result.truncated,
        }
        return Response(body, status=status.HTTP_201_CREATED)
