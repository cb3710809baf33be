from django.urls import path

from . import views

app_name = "dataio"

urlpatterns = [
    path("", views.index, name="index"),
    path("calendar/new-address/", views.calendar_regenerate, name="calendar_regenerate"),
    path("calendar/<str:key>.ics", views.calendar_feed, name="calendar_feed"),
    path("export/", views.export, name="export"),
    path("resume.json", views.resume_download, name="resume"),
    path("resume/import/", views.resume_import, name="resume_import"),
    path("resume/import/<int:pk>/", views.resume_preview, name="resume_preview"),
    path(
        "resume/import/<int:pk>/progress/",
        views.resume_import_progress,
        name="resume_import_progress",
    ),
    path("import/", views.import_plan, name="import"),
]
