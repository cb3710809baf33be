"""One person, one contact: people are matched by address whatever its case, and whoever waits
in the Inbox leaves it, with their conversation, once a contact has their address, whichever
road gave it to them."""

import datetime
import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from apps.dataio import portability
from apps.network import selectors, services
from apps.network.models import Contact, InboxEntry
from tests.factories import ContactFactory, UserFactory

pytestmark = pytest.mark.django_db

WRITTEN = timezone.localdate() - datetime.timedelta(days=3)
NOTES = "Email: Coffee next week?\n\nShe runs the data platform team."
LINKEDIN_HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def grace_waits(owner) -> InboxEntry:
    [entry] = services.email_log(
        owner=owner,
        people=[("Grace Hopper", "grace@example.net")],
        subject="Coffee next week?",
        note="She runs the data platform team.",
        date=WRITTEN,
    ).waiting
    return entry


def upload(name: str, text: str) -> dict:
    return {"file": SimpleUploadedFile(name, text.encode(), content_type="text/plain")}


def api_for(owner) -> APIClient:
    api = APIClient()
    api.force_authenticate(owner)
    return api


# Each road by which a contact gains an address: given the owner (Grace waiting in their Inbox)
# and a client logged in as them, it gives a contact Grace's address in another case and returns
# the account to look in.
def by_form(owner, client):
    client.post(
        reverse("network:contact_create"),
        {
            "name": "Grace Hopper",
            "email": "Grace@Example.NET",
            "relationship": "peer",
            "cadence": "quarterly",
        },
    )
    return owner


def by_form_edit(owner, client):
    grace = ContactFactory(owner=owner, name="Grace Hopper", email="")
    client.post(
        reverse("network:contact_edit", args=[grace.pk]),
        {
            "name": "Grace Hopper",
            "email": "Grace@Example.NET",
            "relationship": "peer",
            "cadence": "quarterly",
        },
    )
    return owner


def by_api(owner, client):
    response = api_for(owner).post(
        "/api/v1/contacts/", {"name": "Grace Hopper", "email": "Grace@Example.NET"}
    )
    assert response.status_code == 201
    return owner


def by_api_update(owner, client):
    grace = ContactFactory(owner=owner, name="Grace Hopper", email="")
    response = api_for(owner).patch(
        f"/api/v1/contacts/{grace.pk}/", {"email": "Grace@Example.NET"}, format="json"
    )
    assert response.status_code == 200
    return owner


def by_csv(owner, client):
    row = (
        "Grace,Hopper,https://www.linkedin.com/in/ghopper,GRACE@example.net,Navy,Admiral,1 Dec 2025"
    )
    client.post(reverse("network:import"), upload("Connections.csv", LINKEDIN_HEADER + row))
    return owner


def by_csv_merge(owner, client):
    """A contact without an address, matched by profile link, takes the address from the file."""
    ContactFactory(owner=owner, name="Grace", email="", profile_url="https://linkedin.com/in/gh")
    row = "Grace,Hopper,https://linkedin.com/in/gh/,Grace@Example.NET,Navy,Admiral,1 Dec 2025"
    client.post(reverse("network:import"), upload("Connections.csv", LINKEDIN_HEADER + row))
    return owner


def by_vcard(owner, client):
    card = "BEGIN:VCARD\nVERSION:3.0\nFN:Grace Hopper\nEMAIL:Grace@Example.NET\nEND:VCARD\n"
    client.post(reverse("network:import"), upload("contacts.vcf", card))
    return owner


def by_data_import(owner, client):
    """An export holding Grace both as a contact and waiting (made before they were matched),
    restored into a new account."""
    document = portability.export_document(owner)
    document["contacts"].append({"id": 1, "name": "Grace Hopper", "email": "Grace@Example.NET"})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("careerbuilder.json", json.dumps(document, default=str))
    newcomer = UserFactory()
    client.force_login(newcomer)
    response = client.post(
        reverse("dataio:import"), {"file": SimpleUploadedFile("plan.zip", buffer.getvalue())}
    )
    assert response.status_code == 200
    return newcomer


ROADS = [
    by_form,
    by_form_edit,
    by_api,
    by_api_update,
    by_csv,
    by_csv_merge,
    by_vcard,
    by_data_import,
]


@pytest.mark.parametrize("road", ROADS, ids=lambda road: road.__name__)
def test_a_contact_given_a_waiting_address_takes_the_conversation_on_every_road(road, user, client):
    grace_waits(user)
    client.force_login(user)

    account = road(user, client)

    [grace] = Contact.objects.filter(owner=account, email__iexact="grace@example.net")
    assert not InboxEntry.objects.filter(owner=account).exists()
    [logged] = grace.interactions.all()
    assert (logged.kind, logged.date, logged.notes) == ("message", WRITTEN, NOTES)
    assert grace.last_contacted_on == WRITTEN  # keep-in-touch moved on


def test_adding_someone_who_is_a_contact_already_logs_with_that_contact(user, client):
    entry = grace_waits(user)
    # a contact that came by a road that did not clear the Inbox (or before it did)
    grace = ContactFactory(owner=user, name="Grace H.", email="Grace@Example.NET")
    client.force_login(user)

    response = client.post(reverse("network:inbox_add", args=[entry.pk]), follow=True)

    assert list(Contact.objects.filter(owner=user, email__iexact=entry.email)) == [grace]
    assert not InboxEntry.objects.exists()
    assert grace.interactions.get().notes == NOTES
    grace.refresh_from_db()
    assert grace.last_contacted_on == WRITTEN
    assert (
        "Grace H. is in your network already: the conversation is logged with them."
        in response.content.decode()
    )


def test_the_inbox_shows_someone_who_is_a_contact_by_now_as_one(user, client):
    grace_waits(user)
    grace = ContactFactory(owner=user, name="Grace H.", email="GRACE@example.net")
    client.force_login(user)

    page = client.get(reverse("network:inbox")).content.decode()

    assert f'In your network now, as <a href="{grace.get_absolute_url()}">Grace H.</a>' in page
    assert "Log with this contact" in page and "Add as a contact" not in page
    assert "not in your network" not in page


def test_the_inbox_page_reads_its_entries_in_one_query(user, client):
    grace_waits(user)
    client.force_login(user)
    with CaptureQueriesContext(connection) as one_waiting:
        client.get(reverse("network:inbox"))
    for number in range(5):
        services.email_log(
            owner=user,
            people=[("", f"someone{number}@example.com")],
            subject="Hi",
            note="",
            date=WRITTEN,
        )
        ContactFactory(owner=user, email=f"Someone{number}@example.com")

    with CaptureQueriesContext(connection) as six_waiting:
        page = client.get(reverse("network:inbox")).content.decode()

    assert page.count("In your network now") == 5
    assert len(six_waiting) == len(one_waiting)
    assert sum("network_inboxentry" in query["sql"] for query in six_waiting) == 1


def test_logging_an_email_finds_the_contact_whatever_the_case(user):
    grace = ContactFactory(owner=user, email="Grace@Example.NET")

    logged = services.email_log(
        owner=user, people=[("Grace", "grace@example.net")], subject="Hi", note="", date=WRITTEN
    )

    assert (logged.contacts, logged.waiting) == ([grace], [])
    assert grace.interactions.get().notes == "Email: Hi"


def test_a_contact_without_an_address_matches_no_one(user):
    ContactFactory(owner=user, email="")

    assert selectors.contact_with_address(owner=user, address="") is None


def test_another_users_contact_never_takes_the_conversation(user, other_user):
    entry = grace_waits(user)

    services.contact_create(owner=other_user, name="Grace", email="grace@example.net")

    assert InboxEntry.objects.filter(pk=entry.pk).exists()
