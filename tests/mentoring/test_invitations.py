import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from apps.mentoring.models import Invitation
from apps.sharing.models import Mentorship
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def invite(client, email="mentor@example.com"):
    client.post(reverse("mentoring:invite"), {"email": email})
    return Invitation.objects.get(email=email)


def link_from(mailoutbox):
    return re.search(
        r"https?://[^/\s]+(/mentoring/invitations/[^/\s]+/)", mailoutbox[-1].body
    ).group(1)


def test_inviting_emails_a_single_use_link(user_client, user, mailoutbox):
    invitation = invite(user_client)

    assert mailoutbox[-1].to == ["mentor@example.com"]
    assert user.email in mailoutbox[-1].body
    assert invitation.state == "pending"
    assert link_from(mailoutbox).split("/")[-2] not in invitation.token_hash  # stored hashed


def test_the_invitation_says_who_asks_and_until_when(user_client, user, mailoutbox):
    user.display_name, user.headline = "Maya <Data>", "Analyst & lead"
    user.save()
    invitation = invite(user_client)

    [message] = mailoutbox
    expires_on = f"{timezone.localtime(invitation.expires_at):%d %B %Y}".lstrip("0")
    assert f"{user.email}, who signs as “Maya <Data>”, invited you (mentor@example.com)" in (
        message.body
    )
    assert expires_on in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Maya &lt;Data&gt;" in html
    assert expires_on in html


def test_no_text_the_inviter_wrote_reaches_the_subject(user_client, user, mailoutbox):
    user.display_name = "IT Security Team"
    user.headline = "Your mailbox is full: verify at https://evil.example"
    user.save()

    invite(user_client)

    [message] = mailoutbox
    assert message.subject == "[careerbuilder] An invitation to mentor someone on careerbuilder"
    assert "evil.example" not in message.body + message.alternatives[0][0]


def test_the_mentee_sees_and_cancels_pending_invitations(user_client, user, mailoutbox):
    invitation = invite(user_client)
    assert "mentor@example.com" in user_client.get(reverse("mentoring:index")).content.decode()

    user_client.post(reverse("mentoring:invitation_cancel", args=[invitation.pk]))

    invitation.refresh_from_db()
    assert invitation.state == "cancelled"
    user_client.get(reverse("mentoring:index"))  # shows, and so clears, the confirmation
    assert "Pending invitations" not in user_client.get(reverse("mentoring:index")).content.decode()


def test_an_existing_user_accepts_after_logging_in(client, user, mailoutbox):
    client.force_login(user)
    invite(client)
    link = link_from(mailoutbox)
    mentor = UserFactory(email="mentor@example.com")
    client.logout()

    assert client.post(link).url.startswith(reverse("account_login"))
    client.force_login(mentor)
    response = client.post(link)

    assert response.url == reverse("mentoring:mentee", args=[user.pk])
    assert Mentorship.objects.filter(mentee=user, mentor=mentor, ended_at=None).exists()


def test_a_used_link_cannot_be_used_again(client, user, mailoutbox):
    client.force_login(user)
    invite(client)
    link = link_from(mailoutbox)
    client.force_login(UserFactory(email="mentor@example.com"))
    client.post(link)

    response = client.post(link)

    assert response.status_code == 403
    assert "already been used" in response.content.decode()
    assert Mentorship.objects.count() == 1


def test_an_expired_link_is_refused(client, user, mailoutbox):
    client.force_login(user)
    invitation = invite(client)
    link = link_from(mailoutbox)
    client.force_login(UserFactory(email="mentor@example.com"))
    with time_machine.travel(invitation.expires_at + datetime.timedelta(minutes=1)):
        assert invitation.state == "expired"
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    response = client.post(link)

    assert response.status_code == 403
    assert "expired" in response.content.decode()
    assert not Mentorship.objects.exists()


def test_a_forged_link_is_refused(client, user):
    client.force_login(user)

    response = client.get(reverse("mentoring:invitation", args=["forged-token-123"]))

    assert response.status_code == 404
    assert "not valid" in response.content.decode()


def test_a_different_account_cannot_accept(client, user, mailoutbox):
    client.force_login(user)
    invite(client)
    link = link_from(mailoutbox)
    client.force_login(UserFactory(email="somebody-else@example.com"))

    response = client.post(link)

    assert response.status_code == 403
    assert "was sent to mentor@example.com" in response.content.decode()
    assert not Mentorship.objects.exists()
    assert Invitation.objects.get().state == "pending"


def test_a_cancelled_link_is_refused(client, user, mailoutbox):
    client.force_login(user)
    invitation = invite(client)
    link = link_from(mailoutbox)
    client.post(reverse("mentoring:invitation_cancel", args=[invitation.pk]))
    client.force_login(UserFactory(email="mentor@example.com"))

    assert client.post(link).status_code == 403


def test_nobody_can_invite_themselves(user_client, user, mailoutbox):
    response = user_client.post(reverse("mentoring:invite"), {"email": user.email}, follow=True)

    assert "You cannot be your own mentor." in response.content.decode()
    assert not mailoutbox


def test_a_new_user_signs_up_from_the_link_and_lands_on_the_invitation(client, user, mailoutbox):
    client.force_login(user)
    invite(client, "newbie@example.com")
    link = link_from(mailoutbox)
    client.logout()

    page = client.get(link).content.decode()
    assert "Sign up" in page
    client.post(
        f"{reverse('account_signup')}?next={link}",
        {
            "email": "newbie@example.com",
            "password1": "mentor-pass-2026",
            "password2": "mentor-pass-2026",
            "display_name": "Newbie",
            "time_zone": "UTC",
            "next": link,
        },
    )
    confirm = re.search(r"(/accounts/confirm-email/\S+/)", mailoutbox[-1].body).group(1)
    response = client.post(confirm)

    assert response.url == link
    response = client.post(link)
    assert response.url == reverse("mentoring:mentee", args=[user.pk])


def test_one_person_can_be_mentor_and_mentee_with_several_of_each(user):
    a, b, c = UserFactory(), UserFactory(), UserFactory()
    Mentorship.objects.create(mentee=user, mentor=a)
    Mentorship.objects.create(mentee=user, mentor=b)
    Mentorship.objects.create(mentee=c, mentor=user)
    Mentorship.objects.create(mentee=a, mentor=user)

    assert user.mentorships_as_mentee.count() == 2
    assert user.mentorships_as_mentor.count() == 2
