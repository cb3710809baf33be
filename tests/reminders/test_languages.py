"""Each reminder email speaks its recipient's language: subject, text and HTML, and the reply
grammar's words the inbound parser reads; a batch of users with different languages gets each
their own, and English stays exactly as it was."""

import datetime
from email.header import decode_header, make_header

import pytest
import time_machine

from apps.reminders import services
from apps.reminders.links import make_link
from tests.factories import ContactFactory, HorizonFactory, MilestoneFactory, UserFactory

pytestmark = pytest.mark.django_db

# Monday 2 March 2026, 09:00 in London (GMT) is 09:00 UTC: a weekly check-in falls due.
MONDAY_NINE_LONDON = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)

# language: (the check-in's subject, "Your North Star:", the reply grammar's North Star and
# Career lines as the text part asks for them, a contact's reminder, and the grammar's example
# answers as the HTML part shows them)
EXPECTED = {
    "de": (
        "Zeit für deinen Check-in: Job oder Karriere?",
        "Dein Nordstern:",
        ("Nordstern: 1 bis 5", "Karriere: 1 bis 5"),
        "Melde dich bei Amara",
        "<em>Nordstern: 4</em>, <em>Karriere: 3</em>",
    ),
    "fr": (
        "C'est l'heure de votre point d'étape : emploi ou carrière ?",
        "Votre Étoile polaire :",
        ("Étoile polaire : 1 à 5", "Carrière : 1 à 5"),
        "Reprenez contact avec Amara",
        "<em>Étoile polaire : 4</em>, <em>Carrière : 3</em>",
    ),
    "es": (
        "Hora de tu revisión: ¿empleo o carrera?",
        "Tu Estrella polar:",
        ("Estrella polar: 1 a 5", "Carrera: 1 a 5"),
        "Contacta con Amara",
        "<em>Estrella polar: 4</em>, <em>Carrera: 3</em>",
    ),
    "pt-br": (
        "Hora do seu check-in: emprego ou carreira?",
        "Sua Estrela-guia:",
        ("Estrela-guia: 1 a 5", "Carreira: 1 a 5"),
        "Entre em contato com Amara",
        "<em>Estrela-guia: 4</em>, <em>Carreira: 3</em>",
    ),
    "ar": (
        "حان وقت مراجعتك: وظيفة أم مسيرة مهنية؟",
        "نجم الشمال لديك:",
        ("نجم الشمال: من 1 إلى 5", "المسيرة: من 1 إلى 5"),
        "تواصل مع Amara",
        "<em>نجم الشمال: 4</em>, <em>المسيرة: 3</em>",
    ),
}


def person(language: str, email: str):
    with time_machine.travel("2026-01-05 12:00:00+00:00", tick=False):
        user = UserFactory(
            display_name="Maya", time_zone="Europe/London", language=language, email=email
        )
    HorizonFactory(owner=user, statement="Head of Data at a good company", is_north_star=True)
    return user


def dispatch(at=MONDAY_NINE_LONDON):
    with time_machine.travel(at, tick=False):
        return services.reminders_dispatch()


def subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def parts(message) -> tuple[str, str]:
    text, html = (part.get_payload(decode=True).decode() for part in message.get_payload())
    return text, html


@pytest.mark.parametrize("language", list(EXPECTED))
def test_a_digest_speaks_its_recipients_language(smtp, language):
    person(language, "maya@example.com")

    dispatch()

    [message] = smtp.messages
    expected_subject, north_star, grammar, _contact, examples = EXPECTED[language]
    assert subject(message) == f"[careerbuilder] {expected_subject}"
    text, html = parts(message)
    for body in (text, html):
        assert north_star in body
        assert "Head of Data at a good company" in body
        assert "Your North Star" not in body and "Snooze all reminders" not in body
    for line in grammar:  # the reply grammar's words, as the inbound parser reads them
        assert line in text
    assert examples in html
    assert f'lang="{language}"' in html
    assert ('dir="rtl"' in html) == (language == "ar")


def test_an_english_user_still_gets_english(smtp):
    person("en-gb", "maya@example.com")

    dispatch()

    [message] = smtp.messages
    assert message["Subject"] == "[careerbuilder] Time for your check-in: job or career?"
    text, html = parts(message)
    assert "Your North Star: Head of Data at a good company" in text
    assert "<em>North Star: 4</em>, <em>Career: 3</em>" in html
    assert "  North Star: 1 to 5" in text
    assert "  Career: 1 to 5 (1 = I only did my job, 5 = I built my career)" in text
    assert "Sent 2 March 2026, 09:00 (Europe/London)." in text
    assert 'lang="en-gb" dir="ltr"' in html


def test_a_batch_of_mixed_languages_gives_each_their_own(smtp):
    """The engine records each subject, and the worker writes each email, in its user's
    language, whatever language the one before was in."""
    users = {
        language: person(language, f"{language or 'en'}@example.com")
        for language in ["de", "", "ar", "fr"]
    }
    for user in users.values():
        ContactFactory(owner=user, name="Amara", next_due_on=datetime.date(2026, 3, 1))

    dispatch()

    by_address = {message["To"]: message for message in smtp.messages}
    assert len(by_address) == 4
    english = by_address["en@example.com"]
    assert english["Subject"] == "[careerbuilder] Your check-in, and 1 more thing"
    assert "Reach out to Amara" in parts(english)[0]
    for language in ["de", "ar", "fr"]:
        text, _html = parts(by_address[f"{language}@example.com"])
        assert EXPECTED[language][3] in text
        assert "Reach out to" not in text
    assert subject(by_address["de@example.com"]) == (
        "[careerbuilder] Dein Check-in und 1 weiterer Punkt"
    )


def test_dates_in_a_subject_follow_the_language(smtp):
    user = person("de", "maya@example.com")
    MilestoneFactory(owner=user, title="Budget", target_date=datetime.date(2026, 2, 20))
    english = person("", "en@example.com")
    MilestoneFactory(owner=english, title="Budget", target_date=datetime.date(2026, 2, 20))

    dispatch()

    subjects = {message["To"]: subject(message) for message in smtp.messages}
    assert subjects["maya@example.com"] == (
        "[careerbuilder] Überfällig seit dem 20. Feb: Budget und 1 weiterer Punkt"
    )
    assert subjects["en@example.com"] == (
        "[careerbuilder] Overdue since 20 Feb: Budget, and 1 more thing"
    )


def test_a_link_from_the_email_opens_in_the_emails_language(client):
    user = person("es", "maya@example.com")
    link = make_link(user=user, action="unsubscribe", kinds=["contact_due"])

    page = client.get(link.split("127.0.0.1:8000", 1)[1]).content.decode()

    assert "¿Dejar de recibir estos correos: Contactos a los que escribir?" in page
    assert "Contacts to reach out to" not in page
