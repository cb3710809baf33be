from csp.decorators import csp_update
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from . import views, web

app_name = "api"

router = SimpleRouter()
router.register("horizons", views.HorizonViewSet, basename="horizon")
router.register("values", views.ValueViewSet, basename="value")
router.register("jobs", views.JobViewSet, basename="job")
router.register("ledger-entries", views.LedgerEntryViewSet, basename="ledgerentry")
router.register("milestones", views.MilestoneViewSet, basename="milestone")
router.register("steps", views.StepViewSet, basename="step")
router.register("skills", views.SkillViewSet, basename="skill")
router.register("learning-items", views.LearningItemViewSet, basename="learningitem")
router.register("contacts", views.ContactViewSet, basename="contact")
router.register("interactions", views.InteractionViewSet, basename="interaction")
router.register("events", views.EventViewSet, basename="event")
router.register("check-ins", views.CheckInViewSet, basename="checkin")
router.register("comments", views.CommentViewSet, basename="comment")

SWAGGER_UI_STYLE = "'sha256-MMpT0iDxyjALd9PdfepImGX3DBfJPXZ4IlDWdPAgtn0='"

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        # Swagger UI adds one <style> element of its own: allowed by its hash, nothing else inline.
        csp_update({"style-src": [SWAGGER_UI_STYLE]})(
            SpectacularSwaggerSplitView.as_view(url_name="api:schema")
        ),
        name="docs",
    ),
    path("tokens/", web.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", web.token_revoke, name="token_revoke"),
    re_path(r"^v1/[\s\S]*$", views.not_found),  # [\s\S]: a line break in the path too
]
