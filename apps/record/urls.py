from django.urls import path

from . import views

app_name = "record"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/gather/", views.gather, name="gather"),
    path("<int:pk>/share/", views.share, name="share"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/v<int:number>/print/", views.printable, name="print"),
    path("<int:pk>/v<int:number>.<str:fmt>", views.download, name="download"),
]
