from django.urls import path

from . import views

app_name = "vision"

urlpatterns = [
    path("", views.index, name="index"),
    path("edit/", views.edit, name="edit"),
    path("history/", views.history, name="history"),
    path("horizons/<int:pk>/", views.horizon_detail, name="horizon_detail"),
    path("values/", views.values, name="values"),
    path("values/<int:pk>/edit/", views.value_edit, name="value_edit"),
    path("values/<int:pk>/delete/", views.value_delete, name="value_delete"),
    path("values/<int:pk>/move/", views.value_move, name="value_move"),
    path("jobs/", views.jobs, name="jobs"),
    path("jobs/new/", views.job_create, name="job_create"),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<int:pk>/edit/", views.job_edit, name="job_edit"),
    path("jobs/<int:pk>/delete/", views.job_delete, name="job_delete"),
    path("jobs/<int:pk>/ledger/new/", views.ledger_create, name="ledger_create"),
    path("ledger/<int:pk>/edit/", views.ledger_edit, name="ledger_edit"),
    path("ledger/<int:pk>/delete/", views.ledger_delete, name="ledger_delete"),
]
