from django.urls import path

from . import views

app_name = "mentoring"

urlpatterns = [
    path("", views.index, name="index"),
    path("invite/", views.invite, name="invite"),
    path("invitations/<int:pk>/cancel/", views.invitation_cancel, name="invitation_cancel"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("mentorships/<int:pk>/sharing/", views.sharing, name="sharing"),
    path("mentorships/<int:pk>/end/", views.end, name="end"),
    path("mentees/<int:user_id>/", views.mentee, name="mentee"),
    path("mentees/<int:user_id>/looked/", views.mentee_looked, name="mentee_looked"),
    path("comments/", views.comments, name="comments"),
    path("comments/read/", views.comments_read, name="comments_read"),
    path("comments/<slug:kind>/<int:pk>/", views.comment_create, name="comment_create"),
    path("comments/<int:pk>/edit/", views.comment_edit, name="comment_edit"),
    path("comments/<int:pk>/delete/", views.comment_delete, name="comment_delete"),
    path("cheers/<slug:kind>/<int:pk>/", views.cheer, name="cheer"),
]
