from django.urls import path

from . import views

app_name = "checkins"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/milestone/", views.make_milestone, name="make_milestone"),
    path("<int:pk>/delete/", views.delete, name="delete"),
]
