from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.index, name="index"),
    path("pair/<int:pk>/", views.pair, name="pair"),
    path("pair/<int:pk>/agreement/", views.agreement_propose, name="agreement_propose"),
    path("pair/<int:pk>/propose/", views.session_propose, name="session_propose"),
    path("pair/<int:pk>/log/", views.session_log, name="session_log"),
    path("pair/<int:pk>/points/", views.point_add, name="point_add"),
    path("pair/<int:pk>/closing/", views.closing, name="closing"),
    path("agreements/<int:pk>/confirm/", views.agreement_confirm, name="agreement_confirm"),
    path("agreements/<int:pk>/withdraw/", views.agreement_withdraw, name="agreement_withdraw"),
    path("<int:pk>/", views.session, name="session"),
    path("<int:pk>/accept/", views.session_accept, name="session_accept"),
    path("<int:pk>/decline/", views.session_decline, name="session_decline"),
    path("<int:pk>/move/", views.session_move, name="session_move"),
    path("<int:pk>/cancel/", views.session_cancel, name="session_cancel"),
    path("<int:pk>/finish/", views.session_finish, name="session_finish"),
    path("<int:pk>/notes/", views.session_notes, name="session_notes"),
    path("<int:pk>/private/", views.private_notes, name="private_notes"),
    path("<int:pk>/actions/", views.action_add, name="action_add"),
    path("points/<int:pk>/discussed/", views.point_discussed, name="point_discussed"),
    path("points/<int:pk>/delete/", views.point_delete, name="point_delete"),
    path("actions/<int:pk>/done/", views.action_done, name="action_done"),
    path("actions/<int:pk>/milestone/", views.action_milestone, name="action_milestone"),
    path("actions/<int:pk>/step/", views.action_step, name="action_step"),
    path("actions/<int:pk>/delete/", views.action_delete, name="action_delete"),
]
