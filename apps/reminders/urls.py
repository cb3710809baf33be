from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("", views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("snooze/<str:token>/", views.snooze, name="snooze"),
    path("checkin/<str:token>/", views.checkin, name="checkin"),
]
