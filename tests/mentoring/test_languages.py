"""The invitation speaks the inviting mentee's language: its invitee may have no account yet."""

import pytest
import time_machine
from django.urls import reverse

from apps.accounts.audit import Actor
from apps.mentoring import services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@time_machine.travel("2025-03-01 12:00:00+00:00")
def test_a_spanish_mentees_invitation_is_spanish(mailoutbox):
    mentee = UserFactory(language="es")

    # outside any request, so only the mentee's language can make it Spanish
    services.invitation_create(
        mentee=mentee,
        email="mentor@example.com",
        site_url="https://careerbuilder.example/",
        actor=Actor(user=mentee),
    )

    [message] = mailoutbox
    assert message.subject == (
        "[careerbuilder] Una invitación para ser mentor de alguien en careerbuilder"
    )
    assert "15 de marzo de 2025" in message.body  # the link's expiry, in Spanish
    assert "15 de marzo de 2025" in message.alternatives[0][0]
    assert "March" not in message.body


@time_machine.travel("2025-03-01 12:00:00+00:00")
def test_an_english_mentees_invitation_stays_english(client, mailoutbox):
    mentee = UserFactory(language="en-gb")
    client.force_login(mentee)

    client.post(reverse("mentoring:invite"), {"email": "mentor@example.com"})

    [message] = mailoutbox
    assert message.subject == "[careerbuilder] An invitation to mentor someone on careerbuilder"
    assert "15 March 2025" in message.body
    assert "to be their mentor on careerbuilder" in message.body
