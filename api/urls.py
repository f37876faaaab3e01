"""/api/: the REST API (v1), its schema and docs page, and the token page."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from api.views import (
    agreements,
    candidates,
    commitments,
    dashboard,
    directory,
    docs,
    followups,
    milestones,
    sources,
    tokens,
)

app_name = "api"

# No ".json"-style suffix routes: the format comes from the Accept header (or
# ?format=), and every route is one the URL walker (tests/hostile.py) can fill.
router = DefaultRouter()
router.include_format_suffixes = False
router.register("agreements", agreements.AgreementViewSet, basename="agreement")
router.register("parties", directory.PartyViewSet, basename="party")
router.register("institutions", directory.InstitutionViewSet, basename="institution")
router.register("sources", sources.SourceDocumentViewSet, basename="source")
router.register("commitments", commitments.CommitmentViewSet, basename="commitment")
router.register("obligations", commitments.ObligationViewSet, basename="obligation")
router.register("milestones", milestones.MilestoneViewSet, basename="milestone")
router.register("followups", followups.FollowUpViewSet, basename="followup")
router.register("candidates", candidates.CandidateViewSet, basename="candidate")

urlpatterns = [
    path("v1/dashboard/", dashboard.DashboardView.as_view(), name="dashboard"),
    path("v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("v1/docs/", docs.docs, name="docs"),
    path("v1/", include(router.urls)),
    path("tokens/", tokens.token_list, name="tokens"),
    path("tokens/<int:pk>/revoke/", tokens.token_revoke, name="token_revoke"),
]
