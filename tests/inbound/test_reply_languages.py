"""The reply grammar in every shipped language (English, German, French, Spanish, Brazilian
Portuguese, Arabic): the questions and answers ("Nordstern: vier", "Carrière : 3", "Próximo
paso: …", "نجم الشمال: ٤"), accents optional and digits of any script, the quoting lines of the
mail clients in those languages ("Am … schrieb …:", "Le … a écrit :", "-----Mensaje
original-----", "Von: … Gesendet: …"), and the confirmation, which goes out in the user's
language with that language's words. Every user's reply is read with every language's words."""

import unicodedata
from dataclasses import dataclass
from email.header import decode_header, make_header
from email.message import EmailMessage

import pytest
from django.utils import translation
from django.utils.translation import pgettext
from hypothesis import given, settings
from hypothesis import strategies as st

from apps.checkins.models import CheckIn
from apps.inbound import parsing
from apps.inbound.emails import checkin_confirmation
from apps.inbound.parsing import answer_line, latest_reply, people_in, read_checkin_reply
from tests.contracts.test_linear_time import CLASSES, TIMEOUT, adversarial
from tests.factories import CheckInFactory, UserFactory
from tests.inbound.mailauth import reply, send

SCORE_FIELDS = ("north_star_progress", "job_or_career")
TEXT_FIELDS = ("learned", "network", "next_step")
FIELDS = (*SCORE_FIELDS, *TEXT_FIELDS, "mood", "previous_step_outcome")
ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


@dataclass(frozen=True)
class Language:
    """How people write a reply in one language, and how their mail client quotes."""

    keys: dict  # field → the ways its question is written
    words: tuple  # the numbers' words, one to five
    out_of: tuple  # "of" in "4 of 5"
    outcomes: dict  # outcome → its words
    moods: dict  # mood → a word for it
    separators: tuple
    wrote: str  # the client's "On … wrote:" line
    separator: str  # "-----Original Message-----"
    outlook: tuple  # Outlook's From, Sent, To and Subject labels, with their colon
    own: tuple  # lines of one's own that answer nothing
    texts: tuple  # answers to the questions that take text


LANGUAGES = {
    "en": Language(
        keys={
            "north_star_progress": ("North Star", "north star", "NS", "NORTH STAR"),
            "job_or_career": ("Career", "Job or career", "CAREER"),
            "learned": ("Learned",),
            "network": ("Network",),
            "next_step": ("Next step", "Next"),
            "mood": ("Mood",),
            "previous_step_outcome": ("Last step",),
        },
        words=("one", "two", "three", "four", "five"),
        out_of=("of", "out of"),
        outcomes={"done": ("done", "yes"), "partly": ("partly",), "not_yet": ("not yet", "no")},
        moods={1: "low", 2: "flat", 3: "okay", 4: "good", 5: "great"},
        separators=(": ", ":", " - ", " = "),
        wrote="On Mon, 1 Dec 2026 at 09:00, careerbuilder <noreply@careerbuilder.local> wrote:",
        separator="-----Original Message-----",
        outlook=("From:", "Sent:", "To:", "Subject:"),
        own=("A good week, mostly.", "This week I wrote less code."),
        texts=("how to scope a data project", "coffee with Ada", "send Ada the draft"),
    ),
    "de": Language(
        keys={
            "north_star_progress": ("Nordstern", "NORDSTERN", "nordstern"),
            "job_or_career": ("Karriere", "Job oder Karriere", "KARRIERE"),
            "learned": ("Gelernt",),
            "network": ("Netzwerk",),
            "next_step": ("Nächster Schritt", "Naechster Schritt", "nächster schritt"),
            "mood": ("Stimmung",),
            "previous_step_outcome": ("Letzter Schritt",),
        },
        words=("eins", "zwei", "drei", "vier", "fünf"),
        out_of=("von",),
        outcomes={
            "done": ("erledigt", "ja"),
            "partly": ("teilweise",),
            "not_yet": ("noch nicht", "nein"),
        },
        moods={1: "schlecht", 2: "mau", 3: "okay", 4: "gut", 5: "super"},
        separators=(": ", ":", " - "),
        wrote=(
            "Am Mo., 1. Dez. 2026 um 09:00 Uhr schrieb careerbuilder <noreply@careerbuilder.local>:"
        ),
        separator="-----Ursprüngliche Nachricht-----",
        outlook=("Von:", "Gesendet:", "An:", "Betreff:"),
        own=("Eine gute Woche, meistens.", "Diese Woche habe ich weniger programmiert."),
        texts=("wie man ein Datenprojekt plant", "Kaffee mit Ada", "Ada den Entwurf schicken"),
    ),
    "fr": Language(
        keys={
            "north_star_progress": ("Étoile polaire", "Etoile polaire", "ÉTOILE POLAIRE"),
            "job_or_career": ("Carrière", "Carriere", "Emploi ou carrière ?"),
            "learned": ("Appris",),
            "network": ("Réseau", "Reseau"),
            "next_step": ("Prochaine étape", "Prochaine etape"),
            "mood": ("Humeur",),
            "previous_step_outcome": ("Dernière étape",),
        },
        words=("un", "deux", "trois", "quatre", "cinq"),
        out_of=("sur",),
        outcomes={
            "done": ("fait", "oui"),
            "partly": ("en partie",),
            "not_yet": ("pas encore", "non"),
        },
        moods={1: "mal", 2: "bof", 3: "correct", 4: "bien", 5: "génial"},
        separators=(" : ", ": ", "\u00a0: ", "\u202f: "),
        wrote=(
            "Le lun. 1 déc. 2026 à 09:00, careerbuilder <noreply@careerbuilder.local> a écrit :"
        ),
        separator="-------- Message d'origine --------",
        outlook=("De :", "Envoyé :", "À :", "Objet :"),
        own=("Une bonne semaine, dans l'ensemble.", "Cette semaine j'ai moins codé."),
        texts=("cadrer un projet de données", "un café avec Ada", "envoyer le brouillon à Ada"),
    ),
    "es": Language(
        keys={
            "north_star_progress": ("Estrella polar", "ESTRELLA POLAR"),
            "job_or_career": ("Carrera", "¿Empleo o carrera?"),
            "learned": ("Aprendí", "Aprendi"),
            "network": ("Red",),
            "next_step": ("Próximo paso", "Proximo paso"),
            "mood": ("Ánimo", "Animo"),
            "previous_step_outcome": ("Último paso",),
        },
        words=("uno", "dos", "tres", "cuatro", "cinco"),
        out_of=("de", "sobre"),
        outcomes={
            "done": ("hecho", "sí"),
            "partly": ("en parte",),
            "not_yet": ("todavía no", "no"),
        },
        moods={1: "mal", 2: "regular", 3: "normal", 4: "bien", 5: "genial"},
        separators=(": ", ":", " - "),
        wrote=(
            "El lun, 1 dic 2026 a las 9:00, careerbuilder (<noreply@careerbuilder.local>) escribió:"
        ),
        separator="-----Mensaje original-----",
        outlook=("De:", "Enviado:", "Para:", "Asunto:"),
        own=("Una buena semana, en general.", "Esta semana programé menos."),
        texts=("cómo acotar un proyecto de datos", "un café con Ada", "enviar el borrador a Ada"),
    ),
    "pt_BR": Language(
        keys={
            "north_star_progress": ("Estrela-guia", "Estrela guia", "ESTRELA-GUIA"),
            "job_or_career": ("Carreira", "Emprego ou carreira?"),
            "learned": ("Aprendi",),
            "network": ("Rede",),
            "next_step": ("Próximo passo", "Proximo passo"),
            "mood": ("Humor",),
            "previous_step_outcome": ("Último passo", "Ultimo passo"),
        },
        words=("um", "dois", "três", "quatro", "cinco"),
        out_of=("de",),
        outcomes={
            "done": ("feito", "sim"),
            "partly": ("em parte",),
            "not_yet": ("ainda não", "não"),
        },
        moods={1: "ruim", 2: "desanimado", 3: "normal", 4: "bem", 5: "ótimo"},
        separators=(": ", ":", " - "),
        wrote=(
            "Em seg., 1 de dez. de 2026 às 09:00, careerbuilder <noreply@careerbuilder.local> "
            "escreveu:"
        ),
        separator="-----Mensagem original-----",
        outlook=("De:", "Enviada em:", "Para:", "Assunto:"),
        own=("Uma boa semana, no geral.", "Esta semana programei menos."),
        texts=("como delimitar um projeto de dados", "café com Ada", "enviar o rascunho à Ada"),
    ),
    "ar": Language(
        keys={
            "north_star_progress": ("نجم الشمال",),
            "job_or_career": ("المسيرة", "وظيفة أم مسيرة مهنية؟"),
            "learned": ("تعلمت", "تعلّمت"),
            "network": ("الشبكة",),
            "next_step": ("الخطوة التالية",),
            "mood": ("المزاج",),
            "previous_step_outcome": ("الخطوة السابقة",),
        },
        words=("واحد", "اثنان", "ثلاثة", "أربعة", "خمسة"),
        out_of=("من",),
        outcomes={
            "done": ("تم", "نعم"),
            "partly": ("جزئيا", "جزئياً"),
            "not_yet": ("ليس بعد", "لا"),
        },
        moods={1: "سيئ", 2: "فاتر", 3: "مقبول", 4: "جيد", 5: "ممتاز"},
        separators=(": ", "：", " : ", ":"),
        wrote=(
            "في الاثنين، 1 ديسمبر 2026 في 9:00 ص، كتب careerbuilder <noreply@careerbuilder.local>:"
        ),
        separator="-----الرسالة الأصلية-----",
        outlook=("من:", "تاريخ الإرسال:", "إلى:", "الموضوع:"),
        own=("أسبوع جيد في الغالب.", "هذا الأسبوع كتبت شيفرة أقل."),
        texts=("كيف أحدد نطاق مشروع بيانات", "قهوة مع آدا", "إرسال المسودة إلى آدا"),
    ),
}


def wrapped(wrote: str) -> list[str]:
    """The attribution line as Gmail wraps it: before the address."""
    cut = wrote.rfind(" ", 0, wrote.index("<"))
    return [wrote[:cut], wrote[cut + 1 :]]


def original(language: str, style: str, quoted: list[str]) -> list[str]:
    """The quoted original below a reply, as a client in `language` writes it."""
    lang = LANGUAGES[language]
    if style == "attribution":
        return [lang.wrote, "", *(f"> {line}" for line in quoted)]
    if style == "wrapped attribution":
        return [*wrapped(lang.wrote), "", *(f"> {line}" for line in quoted)]
    if style == "apple mail":  # the attribution quoted too
        return [f"> {lang.wrote}", ">", *(f"> {line}" for line in quoted)]
    if style == "separator":
        return [lang.separator, *quoted]
    sender, sent, to, subject = lang.outlook
    header = [
        f"{sender} careerbuilder <noreply@careerbuilder.local>",
        f"{sent} 1.12.2026 09:00",
        f"{to} Maya <maya@example.com>",
        f"{subject} careerbuilder",
        "",
    ]
    if style == "outlook":  # Outlook's line of underscores above its header block
        header.insert(0, "________________________________")
    return [*header, *quoted]


STYLES = ("attribution", "wrapped attribution", "apple mail", "separator", "outlook", "header")


def quoted_answers(language: str) -> list[str]:
    """Lines of an earlier reply in the original: every question answered, as the person would."""
    lang = LANGUAGES[language]
    return [
        f"{lang.keys['north_star_progress'][0]}: 1",
        f"{lang.keys['job_or_career'][0]}: {lang.words[4]}",
        f"{lang.keys['learned'][0]}: QUOTED-LEARNED",
        f"{lang.keys['network'][0]}: QUOTED-NETWORK",
        f"{lang.keys['next_step'][0]}: QUOTED-NEXT",
        f"{lang.keys['mood'][0]}: {lang.moods[1]}",
        f"{lang.keys['previous_step_outcome'][0]}: {lang.outcomes['partly'][0]}",
        lang.own[0],
    ]


# -- the table ----------------------------------------------------------------------------------

ANSWERS = [
    # German
    ("Nordstern: 4", "north_star_progress", 4),
    ("NORDSTERN 4", "north_star_progress", 4),
    ("Karriere: drei", "job_or_career", 3),
    ("Job oder Karriere - 3", "job_or_career", 3),
    ("Nächster Schritt: Ada anrufen", "next_step", "Ada anrufen"),
    ("Naechster Schritt: Ada anrufen", "next_step", "Ada anrufen"),
    ("Gelernt: Preise verhandeln", "learned", "Preise verhandeln"),
    ("Netzwerk: Kaffee mit Ada", "network", "Kaffee mit Ada"),
    ("Stimmung: gut", "mood", 4),
    ("Letzter Schritt: noch nicht", "previous_step_outcome", "not_yet"),
    # French, with its space before the colon (a no-break one too)
    ("Étoile polaire : 4", "north_star_progress", 4),
    ("Etoile polaire: quatre", "north_star_progress", 4),
    ("Carrière : 3", "job_or_career", 3),
    ("Carriere : 3", "job_or_career", 3),
    ("CARRIÈRE\u00a0: 3", "job_or_career", 3),
    ("Emploi ou carrière ? 2", "job_or_career", 2),
    ("Appris : négocier", "learned", "négocier"),
    ("Réseau : café avec Ada", "network", "café avec Ada"),
    ("Prochaine étape : appeler Ada", "next_step", "appeler Ada"),
    ("Humeur : génial", "mood", 5),
    ("Dernière étape : en partie", "previous_step_outcome", "partly"),
    # Spanish
    ("Estrella polar: cuatro", "north_star_progress", 4),
    ("Carrera: 3", "job_or_career", 3),
    ("¿Empleo o carrera? 3", "job_or_career", 3),
    ("Aprendí: a negociar", "learned", "a negociar"),
    ("Aprendi: a negociar", "learned", "a negociar"),
    ("Red: café con Ada", "network", "café con Ada"),
    ("Próximo paso: llamar a Ada", "next_step", "llamar a Ada"),
    ("Proximo paso: llamar a Ada", "next_step", "llamar a Ada"),
    ("Ánimo: bien", "mood", 4),
    ("Último paso: todavía no", "previous_step_outcome", "not_yet"),
    # Brazilian Portuguese
    ("Estrela-guia: quatro", "north_star_progress", 4),
    ("Estrela guia: 4", "north_star_progress", 4),
    ("Carreira: três", "job_or_career", 3),
    ("Emprego ou carreira? 2", "job_or_career", 2),
    ("Aprendi: a negociar", "learned", "a negociar"),
    ("Rede: café com Ada", "network", "café com Ada"),
    ("Próximo passo: ligar para a Ada", "next_step", "ligar para a Ada"),
    ("Humor: ótimo", "mood", 5),
    ("Último passo: ainda não", "previous_step_outcome", "not_yet"),
    # Arabic, its digits, the full-width colon and the marks of right-to-left text
    ("نجم الشمال: ٤", "north_star_progress", 4),
    ("\u200fنجم الشمال：٤", "north_star_progress", 4),
    ("المسيرة: ثلاثة", "job_or_career", 3),
    ("وظيفة أم مسيرة مهنية؟ ٢", "job_or_career", 2),
    ("تعلّمت: التفاوض", "learned", "التفاوض"),
    ("الشبكة: قهوة مع آدا", "network", "قهوة مع آدا"),
    ("الخطوة التالية: الاتصال بآدا", "next_step", "الاتصال بآدا"),
    ("المزاج: جيد", "mood", 4),
    ("الخطوة السابقة: تم", "previous_step_outcome", "done"),
    ("الخطوة السابقة: ليس بعد", "previous_step_outcome", "not_yet"),
    # mixed: a German user who writes the English keys, an English one the French
    ("North Star: vier", "north_star_progress", 4),
    ("Carrière: four", "job_or_career", 4),
]


@pytest.mark.parametrize(("line", "name", "value"), ANSWERS)
def test_each_languages_questions_and_answers_are_read(line, name, value):
    reply = read_checkin_reply(line)
    assert reply.answers == {name: value}
    assert reply.problems == [] and reply.notes == ""


@pytest.mark.parametrize(("line", "name", "value"), ANSWERS)
def test_accents_are_optional_and_may_be_written_apart(line, name, value):
    bare = "".join(c for c in unicodedata.normalize("NFD", line) if unicodedata.category(c) != "Mn")
    apart = unicodedata.normalize("NFD", line)  # as some phones and Apple Mail write them
    for text in (bare, apart):
        assert read_checkin_reply(text).answers.keys() == {name}


SCORES = [
    *((word, number) for lang in LANGUAGES.values() for number, word in enumerate(lang.words, 1)),
    ("Vier.", 4),
    ("fuenf", 5),
    ("اربعه", 4),
    ("٤", 4),
    ("۴", 4),
    ("４", 4),
    ("4/5", 4),
    ("4 / 5", 4),
    ("4 of 5", 4),
    ("4 out of 5", 4),
    ("4 von 5", 4),
    ("vier von fünf", 4),
    ("4 sur 5", 4),
    ("quatre sur cinq", 4),
    ("4 de 5", 4),
    ("4 sobre 5", 4),
    ("cuatro de cinco", 4),
    ("٤ من ٥", 4),
    ("٤/٥", 4),
    ("۴ من ۵", 4),
    ("4 von 10", None),
    ("٤ من ١٠", None),
    ("4/10", None),
    ("45", None),
    ("٤٥", None),
    ("4 5", None),
    ("6", None),
    ("٠", None),
    ("sechs", None),
    ("quatrième", None),
    ("ein bisschen", None),  # one's word as an article: no score
    ("uma semana boa", None),
    ("un sur 5", 1),
    ("fourth", None),
]


@pytest.mark.parametrize(("value", "score"), SCORES)
def test_scores_in_words_and_digits_of_every_language(value, score):
    assert parsing._score("north_star_progress", value) == score
    reply = read_checkin_reply(f"Nordstern: {value}")
    assert reply.answers.get("north_star_progress") == score
    assert bool(reply.problems) == (score is None)


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_each_languages_outcomes_and_moods_are_read(language):
    lang = LANGUAGES[language]
    key = lang.keys["previous_step_outcome"][0]
    for outcome, words in lang.outcomes.items():
        for word in words:
            for text in (word, word.upper(), f"{word}."):
                assert read_checkin_reply(f"{key}: {text}").answers == {
                    "previous_step_outcome": outcome
                }
    for mood, word in lang.moods.items():
        assert read_checkin_reply(f"{lang.keys['mood'][0]}: {word}").answers == {"mood": mood}


def test_an_answer_not_understood_is_told_not_guessed():
    reply = read_checkin_reply("Letzter Schritt: vielleicht\nNordstern: sechs\nStimmung: ?")
    assert reply.answers == {}
    assert reply.problems == [
        "Last step: answer done, partly or not yet.",
        "North Star: answer with a number from 1 to 5.",
        "Mood: answer with a number from 1 to 5.",
    ]


@pytest.mark.parametrize("line", ["Carrières: 3", "Redes sociales: 3", "Nordsternchen: 4"])
def test_a_word_that_only_begins_with_a_key_is_no_answer(line):
    assert answer_line(line) is None


@pytest.mark.parametrize("language", sorted(LANGUAGES))
@pytest.mark.parametrize("style", STYLES)
def test_each_languages_quoting_hides_the_original(language, style):
    lang = LANGUAGES[language]
    own = [
        f"{lang.keys['north_star_progress'][0]}: 4",
        f"{lang.keys['job_or_career'][0]}: 3",
        lang.own[1],
    ]
    text = "\n".join([*own, "", *original(language, style, quoted_answers(language))])
    reply = read_checkin_reply(text)
    assert reply.answers == {"north_star_progress": 4, "job_or_career": 3}
    assert reply.notes == lang.own[1]
    assert latest_reply(text) == "\n".join(own)


@pytest.mark.parametrize(
    "attribution",
    [
        # Gmail, Apple Mail and Thunderbird, each in the shipped languages
        "Am 01.12.2026 um 09:00 schrieb careerbuilder <noreply@careerbuilder.local>:",
        "Am 01.12.26 um 09:00 schrieb careerbuilder:",
        "Le 1 déc. 2026 à 09:00, careerbuilder <noreply@careerbuilder.local> a écrit :",
        "Le 01/12/2026 à 09:00, careerbuilder a ecrit :",
        "El 1 dic 2026, a las 9:00, careerbuilder <noreply@careerbuilder.local> escribió:",
        "Em 1 de dez. de 2026, à(s) 09:00, careerbuilder <noreply@careerbuilder.local> escreveu:",
        "في ١ ديسمبر ٢٠٢٦، الساعة ٩:٠٠ ص، كتب careerbuilder <noreply@careerbuilder.local>:",
        # Gmail in Arabic, with the marks that keep its left-to-right parts in order
        "\u202bفي الاثنين، 1 ديسمبر 2026 في 9:00 ص تمت كتابة ما يلي بواسطة \u202acareerbuilder"
        "\u202c\u200f <\u202anoreply@careerbuilder.local\u202c\u200f>:\u202c",
    ],
)
@pytest.mark.parametrize("quoted", [True, False])
def test_the_attribution_lines_of_each_languages_clients(attribution, quoted):
    marker = "> " if quoted else ""
    text = f"Nordstern: 4\nKarriere: 3\n\n{attribution}\n{marker}Nordstern: 1\n{marker}Karriere: 5"
    assert read_checkin_reply(text).answers == {"north_star_progress": 4, "job_or_career": 3}
    if quoted:  # and wrapped as Gmail wraps it
        two = "\n".join(wrapped(attribution)) if "<" in attribution else attribution
        text = f"Nordstern: 4\nKarriere: 3\n\n{two}\n> Nordstern: 1\n> Karriere: 5"
        assert read_checkin_reply(text).answers == {"north_star_progress": 4, "job_or_career": 3}


@pytest.mark.parametrize(
    "signature",
    [
        "Viele Grüße\nMaya\n\nVon meinem iPhone gesendet",
        "Cordialement,\nMaya\n\nEnvoyé de mon iPhone",
        "Saludos,\nMaya\n\nEnviado desde mi iPhone",
        "Abraços,\nMaya\n\nEnviado do meu iPhone",
        "مع التحية،\nمايا\n\nأُرسلت من الـ iPhone",
    ],
)
def test_each_languages_sign_offs_and_phone_signatures_are_not_notes(signature):
    reply = read_checkin_reply(f"Nordstern: 4\nKarriere: 3\nEine gute Woche.\n\n{signature}")
    assert reply.notes == "Eine gute Woche."


@pytest.mark.parametrize(
    "header",
    [
        "---------- Weitergeleitete Nachricht ---------\nVon: Ada <ada@example.org>\n"
        "Datum: Mo., 1. Dez. 2026\nBetreff: Hallo\nAn: Maya <maya@example.com>",
        "-------- Message transféré --------\nDe : Ada <ada@example.org>\nDate : lun. 1 déc.\n"
        "À : Maya <maya@example.com>",
        "De: Ada <ada@example.org>\nEnviada em: segunda-feira\nPara: Maya <maya@example.com>\n"
        "Assunto: Olá",
        "من: Ada <ada@example.org>\nتاريخ الإرسال: الاثنين\nإلى: Maya <maya@example.com>\n"
        "الموضوع: مرحبا",
    ],
)
def test_the_people_of_a_forwarded_message_in_each_language(header):
    message = EmailMessage()
    message["From"] = "maya@example.com"
    message["To"] = "log+x@careerbuilder.local"
    message.set_content(f"Voilà.\n\n{header}\n\nHallo Maya\n")
    assert ("Ada", "ada@example.org") in people_in(message)
    assert ("Maya", "maya@example.com") in people_in(message)


# -- replies hypothesis writes, in each language, above a quoted original -----------------------


@st.composite
def score_written(draw, lang: Language):
    """A score from 1 to 5 as people write it: a digit of any script, a word, out of 5."""
    number = draw(st.integers(1, 5))
    digits = draw(st.sampled_from([str.maketrans("", ""), ARABIC_DIGITS, PERSIAN_DIGITS]))
    style = draw(st.sampled_from(["digit", "word", "slash", "out of"]))
    if style == "word":
        written = draw(st.sampled_from([lang.words[number - 1], lang.words[number - 1].upper()]))
    elif style == "slash":
        written = f"{number}/5".translate(digits)
    elif style == "out of":
        written = f"{number} {draw(st.sampled_from(lang.out_of))} 5".translate(digits)
    else:
        written = str(number).translate(digits)
    return written, number


@st.composite
def written_reply(draw, language: str):
    """The person's own lines: answers in `language` in any order, lines of their own between
    them; the answers they give, and the lines that are their notes."""
    lang = LANGUAGES[language]
    answers, lines, notes = {}, [], []
    for name in draw(st.permutations(FIELDS)):
        if not draw(st.booleans()):
            continue
        key = draw(st.sampled_from(lang.keys[name]))
        if name in SCORE_FIELDS:
            value, answers[name] = draw(score_written(lang))
        elif name == "mood":
            answers[name] = draw(st.integers(1, 5))
            value = draw(st.sampled_from([lang.moods[answers[name]], str(answers[name])]))
        elif name == "previous_step_outcome":
            answers[name] = draw(st.sampled_from(sorted(lang.outcomes)))
            value = draw(st.sampled_from(lang.outcomes[answers[name]]))
        else:
            value = answers[name] = draw(st.sampled_from(lang.texts))
        lines.append(f"{key}{draw(st.sampled_from(lang.separators))}{value}")
        if draw(st.booleans()):
            notes.append(draw(own_line(lang)))
            lines.append(notes[-1])
    return lines, answers, notes


def own_line(lang: Language):
    """A line of one's own: a sentence, or one that begins as one and goes on at random."""
    random = st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüéèçñãõ ", min_size=1, max_size=20)
    return st.one_of(
        st.sampled_from(lang.own),
        st.builds(lambda rest: f"{lang.own[1]} {rest.strip() or 'x'}", random),
    )


@st.composite
def quoted_original(draw, language: str):
    """The original below: answers of an earlier reply (and lines of one's own) in its quote."""
    quoted = quoted_answers(language)
    quoted = draw(st.lists(st.sampled_from(quoted), min_size=1, max_size=10)) + quoted
    return original(language, draw(st.sampled_from(STYLES)), quoted)


@pytest.mark.parametrize("language", sorted(LANGUAGES))
@settings(max_examples=50, deadline=None)
@given(data=st.data())
def test_a_reply_in_each_language_gives_its_answers_never_the_quoted_ones(language, data):
    lines, answers, notes = data.draw(written_reply(language))
    below = data.draw(quoted_original(language))
    text = "\n".join([*lines, "", *below])
    reply = read_checkin_reply(text)
    assert reply.answers == answers
    assert reply.problems == []
    assert reply.notes == "\n".join(notes)  # nothing of the original


# -- in linear time, whatever a key is repeated with ---------------------------------------------

# Each language's keys and quoting lines: what sets the reader going in that language (English's
# are in tests/contracts/test_linear_time.py).
LEADS = {
    "de": ("Nordstern", "Naechster Schritt:", "Am ", "Von: "),
    "fr": ("Étoile polaire :", "Le ", "De : "),
    "es": ("¿Empleo o carrera?", "El ", "-----Mensaje original-----"),
    "pt_BR": ("Estrela-guia", "Em ", "Enviada em: "),
    "ar": ("نجم الشمال:", "في ", "من: "),
}
MORE_CLASSES = {
    "no-break spaces": "\u00a0",
    "accents written apart": "\u0301",
    "right-to-left marks": "\u200f",
    "Arabic letters": "م",
    "Arabic digits": "٤",
    "full-width colons": "：",
    "inverted question marks": "¿",
}


@pytest.mark.timeout(TIMEOUT)
@pytest.mark.parametrize("language", sorted(LEADS))
@pytest.mark.parametrize(
    "character", [*CLASSES.values(), *MORE_CLASSES.values()], ids=[*CLASSES, *MORE_CLASSES]
)
def test_each_languages_keys_quoting_and_scores_read_in_linear_time(language, character):
    """As tests/contracts/test_linear_time.py reads every parser: a 100 KB line of the character
    after each lead, the lead repeated 100 KB long with the character between, and 100 KB of
    short lines of it; guarded by a timeout, not timed."""
    for text in adversarial(character, LEADS[language]):
        read_checkin_reply(text)
    lang = LANGUAGES[language]
    leads = (lang.words[3], f"4 {lang.out_of[0]}")
    for text in adversarial(character, leads):
        for line in text.split("\n"):
            parsing._score("north_star_progress", line)


# -- the confirmation, in the user's language -------------------------------------------------

CONFIRMED = {
    "de": ("Dein Check-in ist gespeichert", "Nordstern: 4 von 5", "Karriere: 3 von 5"),
    "fr": ("Votre point d'étape est enregistré", "Étoile polaire: 4 sur 5", "Carrière: 3 sur 5"),
    "es": ("Tu revisión está guardada", "Estrella polar: 4 de 5", "Carrera: 3 de 5"),
    "pt-br": ("Seu check-in foi salvo", "Estrela-guia: 4 de 5", "Carreira: 3 de 5"),
    "ar": ("تم حفظ مراجعتك", "نجم الشمال: 4 من 5", "المسيرة: 3 من 5"),
    "en-gb": ("Your check-in is saved", "North Star: 4 of 5", "Career: 3 of 5"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", sorted(CONFIRMED))
def test_the_confirmation_speaks_the_users_language_and_its_words_read_back(language):
    user = UserFactory(language=language)
    checkin = CheckInFactory(owner=user, north_star_progress=4, job_or_career=3)
    subject, north_star, career = CONFIRMED[language]
    saved = checkin_confirmation(user=user, to=user.email, period="", checkin=checkin, problems=[])
    assert saved.subject == f"[careerbuilder] {subject}"
    assert north_star in saved.body and career in saved.body
    # what it says was understood reads back as the same answers
    lines = [line for line in saved.body.splitlines() if line.startswith(north_star[:4])]
    assert read_checkin_reply("\n".join(lines)).answers == {"north_star_progress": 4}

    unsaved = checkin_confirmation(
        user=user, to=user.email, period="2026-12-01", checkin=None, problems=[]
    )
    assert unsaved.subject != saved.subject
    with translation.override(language):
        examples = [
            pgettext("reply grammar", "North Star: 4"),
            pgettext("reply grammar", "Career: 3"),
        ]
    for example in examples:
        assert example in unsaved.body and example in unsaved.html
    assert read_checkin_reply("\n".join(examples)).answers == {
        "north_star_progress": 4,
        "job_or_career": 3,
    }


def subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


@pytest.mark.django_db(transaction=True)
def test_a_german_reply_is_saved_and_confirmed_in_german(maya, inbox, smtp):
    user, reply_to = maya
    user.language = "de"
    user.save(update_fields=["language"])
    text = (
        "Nordstern: vier\nKarriere : 3\nNächster Schritt: Ada anrufen\nEine gute Woche.\n\n"
        "Viele Grüße\nMaya\n\n"
        "Am Mo., 1. Dez. 2026 um 09:00 Uhr schrieb careerbuilder <noreply@careerbuilder.local>:\n"
        "> Nordstern: 1 bis 5\n> Karriere: 1 bis 5\n"
    )
    send(inbox, reply(to=reply_to, sender=user.email, text=text))
    checkin = CheckIn.objects.filter(owner=user).latest("created_at")
    assert (checkin.north_star_progress, checkin.job_or_career) == (4, 3)
    assert checkin.next_step == "Ada anrufen" and checkin.notes == "Eine gute Woche."
    [confirmation] = smtp.messages
    assert subject(confirmation) == "[careerbuilder] Dein Check-in ist gespeichert"
    body = confirmation.get_payload()[0].get_payload(decode=True).decode()
    assert "Nordstern: 4 von 5" in body and "Nächster Schritt: Ada anrufen" in body


@pytest.mark.django_db(transaction=True)
def test_what_a_reply_gets_wrong_is_told_in_the_users_language(maya, inbox, smtp):
    user, reply_to = maya
    user.language = "fr"
    user.save(update_fields=["language"])
    send(inbox, reply(to=reply_to, sender=user.email, text="Étoile polaire : 9\nBonne semaine."))
    [note] = smtp.messages
    assert subject(note) == "[careerbuilder] Votre point d'étape n'a pas été enregistré"
    body = note.get_payload()[0].get_payload(decode=True).decode()
    assert "Étoile polaire : répondez par un nombre de 1 à 5." in body
    assert "« Étoile polaire : 1 à 5 »" in body  # the check-in's two questions, in French
    assert "Étoile polaire : 4" in body  # the example answers, in the words the parser reads


@pytest.mark.parametrize("language", ["en-gb", "de", "fr", "es", "pt-br", "ar"])
def test_every_mood_the_pages_show_is_read_back_in_their_language(language):
    from apps.checkins.models import Mood

    with translation.override(language):
        pairs = [(value, str(label)) for value, label in Mood.choices]
    for value, label in pairs:
        reply = parsing.read_checkin_reply(f"Mood: {label}")
        assert reply.answers.get("mood") == value, (language, label)


@pytest.mark.parametrize("digit", ["፩", "\u19da"])
def test_a_character_that_only_looks_like_a_digit_is_a_problem_not_a_crash(digit):
    reply = parsing.read_checkin_reply(f"North Star: {digit}")
    assert "north_star_progress" not in reply.answers
