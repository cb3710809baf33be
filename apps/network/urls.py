from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    path("", views.index, name="index"),
    path("contacts/new/", views.contact_create, name="contact_create"),
    path("contacts/bulk/", views.contacts_bulk_edit, name="contacts_bulk_edit"),
    path("contacts/<int:pk>/", views.contact_detail, name="contact_detail"),
    path("contacts/<int:pk>/edit/", views.contact_edit, name="contact_edit"),
    path("contacts/<int:pk>/delete/", views.contact_delete, name="contact_delete"),
    path("contacts/<int:pk>/interactions/", views.interaction_create, name="interaction_create"),
    path("interactions/<int:pk>/delete/", views.interaction_delete, name="interaction_delete"),
    path("reach-out/", views.reach_out, name="reach_out"),
    path("events/", views.events, name="events"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("events/<int:pk>/delete/", views.event_delete, name="event_delete"),
    path("import/", views.import_contacts, name="import"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/add/", views.inbox_add, name="inbox_add"),
    path("inbox/<int:pk>/ignore/", views.inbox_ignore, name="inbox_ignore"),
    path("inbox/address/", views.mail_drop_replace, name="mail_drop_replace"),
]
