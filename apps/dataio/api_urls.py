"""The résumé's REST API, under /api/v1/ beside the areas' collections (careerbuilder/urls.py
routes it before apps/api/urls.py, whose catch-all answers every other /api/v1/ address)."""

from django.urls import path

from . import api

app_name = "dataio_api"

urlpatterns = [
    path("resume/", api.ResumeView.as_view(), name="resume"),
    path("resume/previews/", api.ResumePreviewsView.as_view(), name="resume_previews"),
    path(
        "resume/previews/<int:pk>/accept/",
        api.ResumePreviewAcceptView.as_view(),
        name="resume_preview_accept",
    ),
]
