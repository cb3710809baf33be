"""Select many contacts on the list → one rhythm, relationship or tag for all of them."""

import pytest
from django.urls import reverse

from apps.network import services
from apps.network.models import Contact
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(user):
    """Three imported contacts: no rhythm, peers, one already tagged."""
    made = [
        services.contact_create(owner=user, name=name, cadence="none", relationship="peer")
        for name in ("Ada Obi", "Bo Lind", "Cy Moss")
    ]
    services.contact_update(contact=made[0], tag_names=["london"])
    return made


def state(contact):
    contact.refresh_from_db()
    tags = sorted(contact.tags.values_list("name", flat=True))
    return contact.cadence, contact.relationship, tags, contact.next_due_on is not None


def test_many_contacts_get_a_rhythm_a_relationship_and_a_tag(user_client, three):
    ada, bo, cy = three
    response = user_client.post(
        reverse("network:contacts_bulk_edit"),
        {
            "contacts": [ada.pk, bo.pk],
            "cadence": "monthly",
            "relationship": "sponsor",
            "tag": "health tech",
            "next": reverse("network:index") + "?q=o",
        },
    )
    assert response.status_code == 302 and response.url == reverse("network:index") + "?q=o"
    assert state(ada) == ("monthly", "sponsor", ["health tech", "london"], True)
    assert state(bo) == ("monthly", "sponsor", ["health tech"], True)
    assert state(cy) == ("none", "peer", [], False)
    page = user_client.get(response.url).content.decode()
    assert "Updated 2 contacts." in page


def test_blank_choices_keep_what_each_had(user_client, three):
    ada, bo, _cy = three
    user_client.post(
        reverse("network:contacts_bulk_edit"), {"contacts": [ada.pk, bo.pk], "tag": "Mentors"}
    )
    assert state(ada) == ("none", "peer", ["Mentors", "london"], False)


@pytest.mark.parametrize(
    "data, problem",
    [
        ({"cadence": "monthly"}, "Select the contacts to change."),
        ({"contacts": "PICK"}, "Choose a rhythm, a relationship or a tag to apply."),
        ({"contacts": "PICK", "cadence": "hourly"}, "Select a valid choice."),
        ({"contacts": "PICK", "tag": "x" * 41}, "at most 40 characters"),
        ({"contacts": "OTHER", "cadence": "monthly"}, "Select a valid choice."),
    ],
)
def test_a_refused_change_says_why_keeps_the_ticks_and_changes_nothing(
    user_client, three, data, problem
):
    other = services.contact_create(owner=UserFactory(), name="Not yours", cadence="none")
    picks = {"PICK": [three[0].pk, three[2].pk], "OTHER": [other.pk]}
    data = {key: picks.get(value, value) for key, value in data.items()}
    before = [state(contact) for contact in [*three, other]]

    response = user_client.post(reverse("network:contacts_bulk_edit"), data)

    assert response.status_code == 400
    html = response.content.decode()
    assert problem in html
    if data.get("contacts") == picks["PICK"]:
        assert f'value="{three[0].pk}" form="bulk-edit" id="pick-{three[0].pk}" checked' in html
        assert f'id="pick-{three[1].pk}">' in html  # not ticked
    assert [state(contact) for contact in [*three, other]] == before
    assert Contact.objects.get(pk=other.pk).cadence == "none"


def test_the_boxes_to_tick_show_on_asking(user_client, three):
    plain = user_client.get(reverse("network:index") + "?q=o").content.decode()
    assert 'form="bulk-edit"' not in plain and "?q=o&amp;select=1" in plain
    selecting = user_client.get(reverse("network:index") + "?q=o&select=1").content.decode()
    assert f'id="pick-{three[0].pk}"' in selecting and 'id="bulk-edit"' in selecting
