from django.urls import path

from . import views

app_name = "milestones"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/status/", views.set_status, name="status"),
    path("<int:pk>/reflection/", views.reflect, name="reflect"),
    path("<int:pk>/steps/", views.step_create, name="step_create"),
    path("steps/<int:pk>/toggle/", views.step_toggle, name="step_toggle"),
    path("steps/<int:pk>/move/", views.step_move, name="step_move"),
    path("steps/<int:pk>/edit/", views.step_edit, name="step_edit"),
    path("steps/<int:pk>/delete/", views.step_delete, name="step_delete"),
]
