"""Replies as real mail clients write them: Gmail (web, and HTML only), Outlook (desktop and
web), Apple Mail, Thunderbird, Yahoo and a phone's mail app, top-posted and inline, in each
shipped language (tests/inbound/test_reply_languages.py reads each one's own words). Each is
built here from the client's documented (and observed) format around a quoted original that
holds other scores: the scores read are always the ones the person wrote, never the quoted
ones."""

import html as html_escape
from email.message import EmailMessage
from email.utils import make_msgid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apps.checkins.models import CheckIn
from apps.inbound.parsing import message_text, parse_message, read_checkin_reply
from tests.inbound.mailauth import deliver

WROTE = {
    "en": "On Mon, 1 Dec 2026 at 09:00, careerbuilder <noreply@careerbuilder.local> wrote:",
    "de": "Am Mo., 1. Dez. 2026 um 09:00 Uhr schrieb careerbuilder <noreply@careerbuilder.local>:",
    "fr": "Le lun. 1 déc. 2026 à 09:00, careerbuilder <noreply@careerbuilder.local> a écrit :",
    "es": "El lun, 1 dic 2026 a las 9:00, careerbuilder (<noreply@careerbuilder.local>) escribió:",
    "pt_BR": (
        "Em seg., 1 de dez. de 2026 às 09:00, careerbuilder <noreply@careerbuilder.local> escreveu:"
    ),
    "ar": "في الاثنين، 1 ديسمبر 2026 في 9:00 ص، كتب careerbuilder <noreply@careerbuilder.local>:",
}
OUTLOOK_HEADERS = {
    "en": ("From", "Sent", "To", "Subject"),
    "de": ("Von", "Gesendet", "An", "Betreff"),
    "fr": ("De", "Envoyé", "À", "Objet"),
    "es": ("De", "Enviado", "Para", "Asunto"),
    "pt_BR": ("De", "Enviada em", "Para", "Assunto"),
    "ar": ("من", "تاريخ الإرسال", "إلى", "الموضوع"),
}
# How people write a score: "North Star: 4", Outlook's "NORTH STAR 4", "Career - 3"…
FORMATS = {
    "colon": "{label}: {score}",
    "no colon": "{upper} {score}",
    "dash": "{label} - {score}",
    "en dash": "{label} – {score}",  # as Outlook and phones type it
    "equals": "{label} = {score}",
    "of five": "{label}: {score}/5",
    "out of": "{label}: {score} out of 5",
    "word": "{label}: {word}",
    "next line": "{label}:\n{score}",
}
WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}
CLIENTS = [
    "gmail web",
    "gmail html only",
    "outlook desktop",
    "outlook web",
    "apple mail",
    "thunderbird",
    "yahoo",
    "iphone",
    "android gmail",
]
INLINE_CLIENTS = ["gmail web", "apple mail", "thunderbird", "iphone"]


def written(north_star: int, career: int, style: str) -> str:
    lines = []
    for label, score in (("North Star", north_star), ("Career", career)):
        lines.append(
            FORMATS[style].format(label=label, upper=label.upper(), score=score, word=WORDS[score])
        )
    return "\n".join(lines) + "\nA good week, mostly."


def original(north_star: int, career: int) -> list[str]:
    """Our reminder as the client quotes it, with scores of an earlier check-in in it."""
    return [
        "Hello Maya,",
        "How far did you move toward your North Star? Open one:",
        "Or reply to this email, one answer per line:",
        "  North Star: 1 to 5",
        "  Career: 1 to 5 (1 = I only did my job, 5 = I built my career)",
        "Last time you wrote:",
        f"North Star: {north_star}",
        f"Career - {career}",
        f"NORTH STAR {north_star}",
    ]


def html_lines(lines: list[str]) -> str:
    return "".join(f"<div>{html_escape.escape(line) or '<br>'}</div>" for line in lines)


def build(client: str, reply: str, quoted: list[str], language: str = "en") -> EmailMessage:
    """The reply as `client` sends it: (plain, html) parts around the quoted original."""
    wrote = WROTE[language]
    reply_lines = reply.split("\n")
    gt = "\n".join(f"> {line}" if line else ">" for line in quoted)
    labels = OUTLOOK_HEADERS[language]
    outlook_block = (
        f"{labels[0]}: careerbuilder <noreply@careerbuilder.local>\n"
        f"{labels[1]}: Monday, 1 December 2026 09:00\n{labels[2]}: Maya <maya@example.com>\n"
        f"{labels[3]}: Time for your check-in"
    )
    plain = html = None
    if client in ("gmail web", "android gmail", "gmail html only"):
        plain = f"{reply}\n\n{wrote}\n\n{gt}\n"
        html = (
            f'<div dir="ltr">{html_lines(reply_lines)}</div><br><div class="gmail_quote">'
            f'<div dir="ltr" class="gmail_attr">{html_escape.escape(wrote)}<br></div>'
            '<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px '
            f'solid rgb(204,204,204);padding-left:1ex">{html_lines(quoted)}</blockquote></div>'
        )
        if client == "gmail html only":
            plain = None
    elif client == "outlook desktop":
        plain = f"{reply}\n\n________________________________\n{outlook_block}\n\n" + "\n".join(
            quoted
        )
        header = outlook_block.replace("\n", "<br>")
        html = (
            f'<div class="WordSection1">{html_lines(reply_lines)}<div><div style="border:none;'
            f'border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm"><p class="MsoNormal">'
            f"{header}</p></div></div>{html_lines(quoted)}</div>"
        )
    elif client == "outlook web":
        plain = f"{reply}\n\n________________________________\n{outlook_block}\n\n" + "\n".join(
            quoted
        )
        html = (
            f'<div>{html_lines(reply_lines)}</div><hr style="display:inline-block;width:98%" '
            f'tabindex="-1"><div id="divRplyFwdMsg" dir="ltr"><font face="Calibri">'
            f"{outlook_block.replace(chr(10), '<br>')}</font><div>&nbsp;</div></div>"
            f"<div>{html_lines(quoted)}</div>"
        )
    elif client in ("apple mail", "iphone"):
        signature = "\n\nSent from my iPhone" if client == "iphone" else ""
        apple_wrote = "On 1 Dec 2026, at 09:00, careerbuilder <noreply@careerbuilder.local> wrote:"
        plain = f"{reply}{signature}\n\n> {apple_wrote}\n> \n{gt}\n"
        html = (
            f'<html><body dir="auto">{html_lines(reply_lines)}<div><br><blockquote type="cite">'
            f"<div>{html_escape.escape(apple_wrote)}</div><br "
            f'class="Apple-interchange-newline">{html_lines(quoted)}</blockquote></div></body></html>'
        )
    elif client == "thunderbird":
        plain = f"{wrote}\n{gt}\n\n{reply}\n"  # Thunderbird writes below the quote by default
        html = (
            f'<div class="moz-cite-prefix">{html_escape.escape(wrote)}<br></div>'
            f'<blockquote type="cite" cite="mid:x@careerbuilder.local">{html_lines(quoted)}'
            f"</blockquote>{html_lines(reply_lines)}"
        )
    elif client == "yahoo":
        yahoo_wrote = (
            "On Monday, December 1, 2026, 09:00:00 AM GMT, careerbuilder "
            "<noreply@careerbuilder.local> wrote:"
        )
        plain = f"{reply}\n\n    {yahoo_wrote}  \n \n " + "\n".join(quoted) + "\n"
        html = (
            f'<div class="ydp3c1a2b3cyahoo-style-wrap">{html_lines(reply_lines)}</div>'
            f'<div id="yahoo_quoted_1234" class="yahoo_quoted"><div style="font-family: '
            f'Helvetica, Arial, sans-serif;"><div>{html_escape.escape(yahoo_wrote)}</div>'
            f"<div><br></div>{html_lines(quoted)}</div></div>"
        )
    message = EmailMessage()
    message["From"] = "Maya <maya@example.com>"
    message["To"] = "checkin+1-20261201-x@careerbuilder.local"
    message["Subject"] = "Re: [careerbuilder] Time for your check-in: job or career?"
    message["Message-ID"] = make_msgid(domain="mail.example.com")
    if plain is not None:
        message.set_content(plain)
        if html is not None:
            message.add_alternative(html, subtype="html")
    else:
        message.set_content(html, subtype="html")
    return message


def inline(client: str, north_star: int, career: int, quoted: list[str]) -> EmailMessage:
    """An inline reply: each answer typed under its quoted question."""
    lines = []
    for line in quoted:
        lines.append(f"> {line}")
        if line.strip().startswith("North Star: 1 to 5"):
            lines.append(str(north_star))
        elif line.strip().startswith("Career: 1 to 5"):
            lines += ["", WORDS[career]]
    apple = client in ("apple mail", "iphone")
    wrote = WROTE["en"] if not apple else "On 1 Dec 2026, at 09:00, careerbuilder wrote:"
    message = EmailMessage()
    message["From"] = "Maya <maya@example.com>"
    message["To"] = "checkin+1-20261201-x@careerbuilder.local"
    message["Subject"] = "Re: Time for your check-in"
    message.set_content(f"Answers below.\n\n{wrote}\n" + "\n".join(lines) + "\n")
    return message


def read(message: EmailMessage) -> dict:
    reply = read_checkin_reply(message_text(parse_message(message.as_bytes())))
    return {name: reply.answers.get(name) for name in ("north_star_progress", "job_or_career")}


@pytest.mark.parametrize("client", CLIENTS)
@pytest.mark.parametrize("language", sorted(WROTE))
def test_each_clients_reply_reads_the_written_scores_not_the_quoted_ones(client, language):
    message = build(client, written(4, 3, "colon"), original(1, 5), language)
    assert read(message) == {"north_star_progress": 4, "job_or_career": 3}


@pytest.mark.parametrize("style", sorted(FORMATS))
def test_outlook_style_answers_are_understood(style):
    message = build("outlook desktop", written(2, 5, style), original(4, 1))
    assert read(message) == {"north_star_progress": 2, "job_or_career": 5}


@pytest.mark.parametrize("client", INLINE_CLIENTS)
def test_an_answer_typed_under_its_quoted_question_is_read(client):
    assert read(inline(client, 5, 2, original(1, 4))) == {
        "north_star_progress": 5,
        "job_or_career": 2,
    }


def test_the_gmail_html_reply_of_the_report_saves_career_3_not_the_quoted_1():
    html = (
        '<div dir="ltr">North Star: 4<br>Career: 3</div><div class="gmail_quote"><blockquote '
        'class="gmail_quote">Career: 1</blockquote></div>'
    )
    message = EmailMessage()
    message["From"] = "maya@example.com"
    message.set_content(html, subtype="html")
    assert read(message) == {"north_star_progress": 4, "job_or_career": 3}


@settings(max_examples=300, deadline=None)
@given(
    client=st.sampled_from(CLIENTS),
    language=st.sampled_from(sorted(WROTE)),
    style=st.sampled_from(sorted(FORMATS)),
    scores=st.tuples(st.integers(1, 5), st.integers(1, 5)),
    quoted_scores=st.tuples(st.integers(1, 5), st.integers(1, 5)),
    earlier=st.integers(0, 2),
)
def test_whatever_the_quoted_originals_hold_the_written_scores_are_read(
    client, language, style, scores, quoted_scores, earlier
):
    quoted = original(*quoted_scores)
    for _ in range(earlier):  # a longer thread: the original quotes an earlier reply
        quoted = [*quoted, "", WROTE["en"], *(f"> {line}" for line in original(*quoted_scores))]
    message = build(client, written(*scores, style), quoted, language)
    assert read(message) == {"north_star_progress": scores[0], "job_or_career": scores[1]}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("client", ["gmail html only", "outlook web", "yahoo"])
def test_through_the_receiver_the_check_in_keeps_the_written_scores(maya, inbox, client):
    user, reply_to = maya
    message = build(client, written(4, 2, "no colon"), original(1, 1))
    message.replace_header("From", f"Maya <{user.email}>")
    message.replace_header("To", reply_to)
    assert deliver(inbox, message) == {}
    checkin = CheckIn.objects.filter(owner=user).latest("created_at")
    assert (checkin.north_star_progress, checkin.job_or_career) == (4, 2)
    assert checkin.notes == "A good week, mostly."
