from django.urls import path

from . import views

urlpatterns = [
    path("", views.landing, name="landing"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("today/", views.today, name="today"),
    path("today/<str:key>/done/", views.today_done, name="today_done"),
    path("today/<str:key>/snooze/", views.today_snooze, name="today_snooze"),
    path("start/", views.setup, name="setup"),
    path("start/<slug:step>/", views.setup_step, name="setup_step"),
    path("start/<slug:step>/skip/", views.setup_skip, name="setup_skip"),
    path("healthz", views.healthz, name="healthz"),
    path("metrics", views.metrics, name="metrics"),
    path("manifest.webmanifest", views.web_manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("offline/", views.offline, name="offline"),
    path("offline/saved/", views.offline_saved, name="offline_saved"),
]
