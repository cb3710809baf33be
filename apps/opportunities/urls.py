from django.urls import path

from . import views

app_name = "opportunities"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("import/", views.job_import, name="import"),
    path("compare/", views.compare, name="compare"),
    path("ownership/", views.ownership, name="ownership"),
    path("ownership/start/", views.ownership_start, name="ownership_start"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/move/", views.move, name="move"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/score/", views.score, name="score"),
    path("<int:pk>/snooze/", views.snooze, name="snooze"),
    path("<int:pk>/done/", views.action_done, name="action_done"),
    path("<int:pk>/introduction/", views.introduction, name="introduction"),
]
