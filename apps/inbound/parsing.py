"""Reading what a person wrote in a reply: the text of the message (plain, or HTML without its
quoted original made text, in whatever charset), the lines they wrote themselves (not the quoted
original, the attribution line above it, the signature or the sign-off), and the check-in's
answers in them ("North Star: 4", "CAREER - 3", "Next step:" with the answer on the next line,
or an answer typed under the quoted question), in any order and case.

Every shipped language is read, for everyone (people mix languages, and a reply does not follow
the language they chose): the questions and answers ("Nordstern: vier", "Carrière : 3",
"Próximo paso: …", "نجم الشمال: ٤"), accents optional, digits of any script, and the quoting
lines of mail clients in those languages ("Am … schrieb …:", "Le … a écrit :", "El … escribió:",
"Em … escreveu:", "في … كتب …:", "-----Ursprüngliche Nachricht-----", "Von: … Gesendet: …").

Everything here runs in time linear in the message: text is cut to MAX_TEXT characters, each line
is looked at through its first MAX_LINE characters, and the few expressions used see only such a
bounded piece and repeat no quantifier over what another one matches. Words are found by dict
lookups of a line's folded beginning (`fold`), never by alternations in an expression.
mail-parser-reply did this job before; its expressions (nested lazy quantifiers, `\\s*^`)
backtrack quadratically on a run of spaces (a 27 KB reply held the receiver for 37 s), and it
reads no HTML, hence our own reader.
"""

import email
import email.policy
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import getaddresses

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy, pgettext_lazy
from inscriptis import Inscriptis
from lxml.etree import LxmlError, ParserError
from lxml.html import document_fromstring

from apps.checkins.models import CheckIn, Mood, StepOutcome

MAX_TEXT = 100_000  # characters of a body that are read at all (a reply is at the top)
MAX_LINE = 300  # characters of a line that any test or expression looks at
MAX_HTML = 200_000  # characters of an HTML body read (inscriptis makes ~300 KB of it text a second)
MAX_HEADER = 998  # characters of a header's value parsed (a line's limit in RFC 5322)


# Letters written in several ways, made one: Arabic's alef maqsura and the Persian yeh as yeh,
# the Persian kaf as kaf, ta marbuta as heh, alef wasla as alef; the tatweel that only stretches
# a word goes; typographic apostrophes become "'".
_SAME_LETTER = {"ى": "ي", "ی": "ي", "ک": "ك", "ة": "ه", "ٱ": "ا", "ـ": "", "’": "'", "‘": "'"}
# What a line's beginning or end may carry besides the words: spaces of every width, and the
# marks that set the direction of right-to-left text (invisible, typed by Arabic keyboards).
BIDI = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
SPACES = " \t\u00a0\u2007\u2009\u202f\u3000" + BIDI


@functools.lru_cache(maxsize=4096)
def _fold_character(character: str) -> str:
    digit = unicodedata.decimal(character, None)
    if digit is not None:  # "٤", "۴", "４": 4
        return str(digit)
    return "".join(
        _SAME_LETTER.get(part, part)
        for part in unicodedata.normalize("NFKD", character.casefold())
        if unicodedata.category(part)[0] != "M" and unicodedata.category(part) != "Cf"
    )


def fold(text: str) -> str:
    """The text as the reply grammar compares it: lower case (casefolded), compatibility forms
    decomposed ("：" is ":", a no-break space a space), without accents, Arabic vowel marks or
    invisible format characters, each Arabic letter in one form, and every decimal digit ASCII.
    One character at a time, so the result is as long as the text, give or take ligatures."""
    if text.isascii():
        return text.lower()
    return "".join(map(_fold_character, text))


# The reply grammar's words, in every shipped language (and those of people who mix them): any
# user's reply is read with all of them, whatever language they chose. Every word is compared
# folded (`fold`: lower case, no accents or Arabic vowel marks, one form of each Arabic letter
# that is written several ways, every kind of digit made ASCII), so "Carriere", "CARRIÈRE" and
# "Carrière" are one key, and a lookup is a dict's, never an alternation in an expression.
SCORES = {
    "north_star_progress": pgettext_lazy("reply grammar", "North Star"),
    "job_or_career": pgettext_lazy("reply grammar", "Career"),
}
TEXTS = {
    "learned": pgettext_lazy("reply grammar", "Learned"),
    "network": pgettext_lazy("reply grammar", "Network"),
    "next_step": pgettext_lazy("reply grammar", "Next"),
}
MOOD_LABEL = pgettext_lazy("reply grammar", "Mood")
NOTES_LABEL = gettext_lazy("Notes")
# What an answer line may start with, and the answer it gives.
_KEYS = {
    "north_star_progress": (
        "north star",
        "northstar",
        "north star progress",
        "ns",
        "progress",
        "nordstern",
        "fortschritt",
        "étoile polaire",
        "étoile-polaire",
        "l'étoile polaire",
        "progrès",
        "progression",
        "estrella polar",
        "progreso",
        "estrela-guia",
        "estrela guia",
        "progresso",
        "نجم الشمال",
        "النجم الشمالي",
        "التقدم",
    ),
    "job_or_career": (
        "career",
        "job or career",
        "job/career",
        "job or career?",
        "karriere",
        "job oder karriere",
        "job oder karriere?",
        "job/karriere",
        "carrière",
        "emploi ou carrière",
        "emploi ou carrière ?",
        "emploi ou carrière?",
        "emploi/carrière",
        "job ou carrière",
        "carrera",
        "empleo o carrera",
        "empleo o carrera?",
        "empleo/carrera",
        "trabajo o carrera",
        "trabajo o carrera?",
        "carreira",
        "emprego ou carreira",
        "emprego ou carreira?",
        "emprego/carreira",
        "trabalho ou carreira",
        "trabalho ou carreira?",
        "المسيرة",
        "مسيرة",
        "المسيرة المهنية",
        "وظيفة أم مسيرة مهنية",
        "وظيفة أم مسيرة مهنية؟",
        "وظيفة أم مسيرة مهنية?",
        "الوظيفة أم المسيرة",
        "الوظيفة أم المسيرة؟",
    ),
    "learned": (
        "learned",
        "learnt",
        "learning",
        "gelernt",
        "lernen",
        "appris",
        "j'ai appris",
        "apprentissage",
        "aprendí",
        "aprendizaje",
        "aprendi",
        "aprendizado",
        "aprendizagem",
        "تعلمت",
        "التعلم",
    ),
    "network": (
        "network",
        "networking",
        "netzwerk",
        "netzwerken",
        "réseau",
        "réseautage",
        "red",
        "red de contactos",
        "rede",
        "rede de contatos",
        "الشبكة",
        "شبكة العلاقات",
    ),
    "next_step": (
        "next",
        "next step",
        "nächster schritt",
        "naechster schritt",
        "nächste schritt",
        "prochaine étape",
        "étape suivante",
        "próximo paso",
        "siguiente paso",
        "próximo passo",
        "الخطوة التالية",
        "الخطوة القادمة",
    ),
    "mood": (
        "mood",
        "stimmung",
        "laune",
        "humeur",
        "ánimo",
        "estado de ánimo",
        "humor",
        "المزاج",
        "مزاج",
    ),
    "previous_step_outcome": (
        "last step",
        "did it happen",
        "did it happen?",
        "letzter schritt",
        "hat es geklappt",
        "hat es geklappt?",
        "dernière étape",
        "étape précédente",
        "último paso",
        "paso anterior",
        "último passo",
        "passo anterior",
        "الخطوة السابقة",
        "الخطوة الأخيرة",
    ),
}
SEPARATORS = ":=-–—：﹕︓꞉∶"  # full-width colons too, as phones type them
NUMBER_WORDS = {
    **dict.fromkeys(("one", "eins", "ein", "eine", "un", "une", "uno", "una", "um", "uma"), 1),
    **dict.fromkeys(("واحد", "واحدة"), 1),
    **dict.fromkeys(("two", "zwei", "deux", "dos", "dois", "duas"), 2),
    **dict.fromkeys(("اثنان", "اثنين", "اثنتان", "اثنتين"), 2),
    **dict.fromkeys(("three", "drei", "trois", "tres", "três", "ثلاثة", "ثلاث"), 3),
    **dict.fromkeys(("four", "vier", "quatre", "cuatro", "quatro", "أربعة", "أربع"), 4),
    **dict.fromkeys(("five", "fünf", "fuenf", "cinq", "cinco", "خمسة", "خمس"), 5),
}
# The words for one that are also articles: a score only when nothing but "of 5" follows them.
ARTICLES = {"ein", "eine", "un", "une", "una", "um", "uma"}
# The word between a score and its "5": "4 of 5", "4 von 5", "4 sur 5", "4 de 5", "٤ من ٥".
OUT_OF = {"of", "out of", "von", "aus", "sur", "de", "sobre", "em", "من", "من أصل"}
SLASHES = "/⁄∕"
DONE, PARTLY, NOT_YET = StepOutcome.DONE, StepOutcome.PARTLY, StepOutcome.NOT_YET
OUTCOMES = {
    **dict.fromkeys(("done", "yes", "erledigt", "ja", "gemacht", "fait", "oui", "fini"), DONE),
    **dict.fromkeys(("hecho", "sí", "listo", "feito", "sim", "concluído", "تم", "نعم"), DONE),
    **dict.fromkeys(("partly", "partially", "teilweise", "zum teil", "teils"), PARTLY),
    **dict.fromkeys(("en partie", "partiellement", "en parte", "parcialmente"), PARTLY),
    **dict.fromkeys(("em parte", "جزئيا", "جزئي"), PARTLY),
    **dict.fromkeys(("not yet", "no", "noch nicht", "nein", "pas encore", "non"), NOT_YET),
    **dict.fromkeys(("todavía no", "aún no", "ainda não", "não", "ليس بعد", "لا"), NOT_YET),
}
MOOD_WORDS = {
    **dict.fromkeys(("low", "schlecht", "mies", "niedrig", "mal", "bas", "mauvais"), Mood.LOW),
    **dict.fromkeys(("bajo", "baja", "baixo", "baixa", "ruim", "منخفض", "سيئ", "سيء"), Mood.LOW),
    **dict.fromkeys(("flat", "flau", "mau", "lustlos", "moyen", "bof", "terne"), Mood.FLAT),
    **dict.fromkeys(("regular", "flojo", "apagado", "morno", "desanimado", "فاتر"), Mood.FLAT),
    **dict.fromkeys(("okay", "ok", "geht so", "in ordnung", "correct", "ça va"), Mood.OKAY),
    **dict.fromkeys(("normal", "vale", "razoável", "mais ou menos", "مقبول", "عادي"), Mood.OKAY),
    **dict.fromkeys(("good", "gut", "bien", "bon", "bueno", "buena", "bem", "bom"), Mood.GOOD),
    **dict.fromkeys(("boa", "جيد", "جيدة"), Mood.GOOD),
    **dict.fromkeys(("great", "super", "toll", "großartig", "sehr gut", "excellent"), Mood.GREAT),
    **dict.fromkeys(("génial", "très bien", "genial", "muy bien", "excelente"), Mood.GREAT),
    **dict.fromkeys(("ótimo", "ótima", "muito bem", "ممتاز", "ممتازة"), Mood.GREAT),
    **dict.fromkeys(("رائع", "رائعة"), Mood.GREAT),
}

# The languages whose quoting mail clients' lines are recognised: "On … wrote:" and its kin.
ATTRIBUTION_OPENERS = (
    "on ",
    "am ",
    "le ",
    "el ",
    "il ",
    "op ",
    "em ",
    "den ",
    "w dniu ",
    "dne ",
    "في ",
    "في يوم",
)
ATTRIBUTION_VERBS = (
    "wrote",
    "schrieb",
    "a écrit",
    "escribió",
    "ha scritto",
    "schreef",
    "escreveu",
    "skrev",
    "napisał",
    "pisze",
    "napsal",
    "كتب",
    "تمت كتابة",  # Gmail's Arabic: "… تمت كتابة ما يلي بواسطة …:"
)
# The labels of a header block a client puts above the original (Outlook's "From: … Sent: …
# To: … Subject:"): the first one, and those that must follow it within a few lines. A label is
# what stands before the line's colon, folded, its spaces made one ("Envoyé :", "Enviada em:").
FROM_LABELS = ("from", "von", "de", "da", "van", "od", "från", "fra", "من")
HEADER_LABELS = (
    "sent",
    "date",
    "to",
    "subject",
    "cc",
    "gesendet",
    "datum",
    "an",
    "betreff",
    "envoyé",
    "à",
    "objet",
    "enviado",
    "fecha",
    "para",
    "asunto",
    "enviada em",
    "enviado em",
    "enviada",
    "assunto",
    "inviato",
    "data",
    "a",
    "oggetto",
    "verzonden",
    "aan",
    "onderwerp",
    "skickat",
    "till",
    "ämne",
    "التاريخ",
    "تاريخ الإرسال",
    "أرسلت",
    "إلى",
    "الموضوع",
    "نسخة",
)
FORWARD_LINES = (
    "begin forwarded message:",
    "début du message réexpédié :",
    "début du message réexpédié:",
    "inicio del mensaje reenviado:",
    "anfang der weitergeleiteten nachricht:",
    "inizio messaggio inoltrato:",
    "início da mensagem encaminhada:",
    "بداية الرسالة المُعاد توجيهها:",
)
SENT_FROM = (
    "sent from my ",
    "sent from outlook",
    "get outlook for ",
    "sent from mail for ",
    "von meinem ",
    "gesendet von ",
    "outlook für ",
    "envoyé de mon ",
    "envoyé depuis ",
    "obtenir outlook pour ",
    "enviado desde mi ",
    "enviado desde ",
    "obtener outlook para ",
    "inviato da ",
    "verzonden vanaf ",
    "skickat från ",
    "enviado do meu ",
    "enviado de meu ",
    "baixe o outlook para ",
    "أرسلت من ",
    "تم الإرسال من ",
)
SIGN_OFFS = {
    "thanks",
    "thank you",
    "thanks!",
    "many thanks",
    "best",
    "best regards",
    "kind regards",
    "regards",
    "warm regards",
    "cheers",
    "all the best",
    "best wishes",
    "sincerely",
    "yours",
    "mit freundlichen grüßen",
    "viele grüße",
    "liebe grüße",
    "beste grüße",
    "schöne grüße",
    "grüße",
    "gruß",
    "danke",
    "vielen dank",
    "lg",
    "vg",
    "cordialement",
    "bien cordialement",
    "bien à vous",
    "amicalement",
    "merci",
    "merci beaucoup",
    "bonne journée",
    "saludos",
    "un saludo",
    "saludos cordiales",
    "un abrazo",
    "gracias",
    "muchas gracias",
    "atentamente",
    "abraços",
    "abraço",
    "um abraço",
    "atenciosamente",
    "att",
    "obrigado",
    "obrigada",
    "muito obrigado",
    "muito obrigada",
    "cordiali saluti",
    "grazie",
    "met vriendelijke groet",
    "groeten",
    "med vänliga hälsningar",
    "hälsningar",
    "pozdrawiam",
    "مع التحية",
    "مع خالص التحية",
    "تحياتي",
    "شكرا",
    "شكرا جزيلا",
}
# Each word above as it is compared: folded. Keys are looked up longest first, so a line's
# beginning is folded only as far as the longest key, plus the character that must end it.
KEYS = {fold(key): name for name, keys in _KEYS.items() for key in keys}
LONGEST_KEY = max(map(len, KEYS))
NUMBER_WORDS = {fold(word): number for word, number in NUMBER_WORDS.items()}
OUT_OF = frozenset(map(fold, OUT_OF))
OUTCOMES = {fold(word): outcome for word, outcome in OUTCOMES.items()}
MOOD_WORDS = {fold(word): mood for word, mood in MOOD_WORDS.items()}
ATTRIBUTION_OPENERS = tuple(map(fold, ATTRIBUTION_OPENERS))
ATTRIBUTION_VERBS = tuple(map(fold, ATTRIBUTION_VERBS))
FROM_LABELS = frozenset(map(fold, FROM_LABELS))
HEADER_LABELS = frozenset(map(fold, HEADER_LABELS))
FORWARD_LINES = frozenset(map(fold, FORWARD_LINES))
SENT_FROM = tuple(map(fold, SENT_FROM))
SIGN_OFFS = frozenset(map(fold, SIGN_OFFS))
# HTML that holds a quoted original: removed before the HTML is made text. `CUT` elements are
# where the original begins (it runs to the end of their parent), the others are the original.
HTML_QUOTES = (
    "//blockquote | //*[contains(concat(' ', normalize-space(@class), ' '), ' gmail_quote ')]"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' moz-cite-prefix ')]"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' protonmail_quote ')]"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' gmail_signature ')]"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' moz-signature ')]"
    " | //*[@id='Signature']"
)
HTML_CUTS = (
    "//*[@id='divRplyFwdMsg'] | //*[@id='appendonsend'] | //*[@id='x_divRplyFwdMsg']"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' yahoo_quoted ')]"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' OutlookMessageHeader ')]"
    " | //div[contains(@style, 'border-top')][not(.//div[contains(@style, 'border-top')])]"
)


class _BoundedPolicy(email.policy.EmailPolicy):
    """The standard library's default policy, with each header's value cut to MAX_HEADER
    characters before its header parser reads it: that parser is quadratic in a header's tokens
    (each step copies the rest of the header), and a message's headers are anyone's to write."""

    def header_fetch_parse(self, name, value):
        return super().header_fetch_parse(name, value[:MAX_HEADER])


POLICY = _BoundedPolicy()


def parse_message(raw: bytes) -> EmailMessage:
    """The message, parsed leniently (the standard library records defects, never raises), its
    headers read through POLICY."""
    return email.message_from_bytes(raw, policy=POLICY)


def clean_text(value: str, *, lines: bool = True) -> str:
    """Text taken from a message, safe for the database and one's eyes: no NUL or other control
    character (PostgreSQL refuses NUL; the others are invisible tricks), line breaks kept when
    `lines`, and every other Unicode "Cc" or "Cs" character made a space."""
    kept = "\n\t" if lines else ""
    return "".join(
        character
        if character in kept or unicodedata.category(character) not in ("Cc", "Cs")
        else " "
        for character in value.replace("\r\n", "\n").replace("\r", "\n")
    )


def message_text(message: EmailMessage) -> str:
    """The body a person wrote: the plain-text part, else the HTML one without its quoted
    original made text; decoded from its charset (ISO-8859-1, Windows-1252, UTF-8…), a charset
    nobody knows read as Latin-1; cleaned of control characters and cut to MAX_TEXT."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, AssertionError):  # an unknown or lying charset
        content = (part.get_payload(decode=True) or b"").decode("latin-1")
    if not isinstance(content, str):
        return ""
    if part.get_content_type() == "text/html":
        content = html_text(content)
    return clean_text(content[:MAX_TEXT])


def html_text(html: str) -> str:
    """HTML made text without the quoted original (Gmail's `gmail_quote`, Apple Mail's and
    Thunderbird's `blockquote type=cite`, Outlook's `divRplyFwdMsg` and its From/Sent/To/Subject
    block, Yahoo's `yahoo_quoted`) or the signature block, whose lines would otherwise read as
    the person's own (a quoted "Career: 1" saved as the answer)."""
    html = clean_text(html[:MAX_HTML]).strip()
    if not html:
        return ""
    try:
        tree = document_fromstring(html)
    except (ParserError, LxmlError, ValueError):
        return html
    for element in tree.xpath(HTML_CUTS):
        if element.getparent() is not None:
            _cut_from(element)
    for element in tree.xpath(HTML_QUOTES):
        if element.getparent() is not None:
            _drop(element, keep_tail=True)
    for element in tree.xpath("//*[@style]"):  # inscriptis honours padding: 541 bytes made 10 MB
        del element.attrib["style"]
    return Inscriptis(tree).get_text()


def _cut_from(element) -> None:
    """Removes the element and everything after it in the document (the original below a
    header block may sit after the block's parent, as Outlook writes it)."""
    node = element
    while node.getparent() is not None and node.tag not in ("body", "html"):
        for later in list(node.itersiblings()):
            node.getparent().remove(later)
        node = node.getparent()
    _drop(element, keep_tail=False)


def _drop(element, *, keep_tail: bool) -> None:
    """Removes an element and what it holds; its tail (the text after it) stays if asked."""
    parent = element.getparent()
    if keep_tail and element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


@dataclass(frozen=True)
class OwnLine:
    """A line the person wrote, and the quoted question it answers if it sits right under one
    (an inline reply: "> North Star: 1 to 5" then "4")."""

    text: str
    question: str | None = None
    block: int = 0  # which stretch of own lines it is in (they are split by quoted ones)


def own_lines(text: str) -> list[OwnLine]:
    """The lines the person wrote in a reply, in order: above the quoted original (top-posted),
    and between or below its quoted lines (inline or bottom-posted); never the quoted lines,
    the "On … wrote:" line, a header block and the unquoted original below it (Outlook), a
    forwarded message, a signature after "--" or "Sent from my phone", or a closing sign-off."""
    lines = text[:MAX_TEXT].split("\n")
    found: list[OwnLine] = []
    block = 0
    in_signature = False
    question = None  # what the last quoted line asked, while no line of one's own followed
    after_quote = False  # whether the last line that said anything was quoted
    index = 0
    while index < len(lines):
        line = lines[index]
        view = line[:MAX_LINE].strip()
        low = fold(view).strip() if view else ""
        if not low:  # a blank line: kept inside what one wrote, between its paragraphs
            if found and not in_signature:
                found.append(OwnLine(line, block=block))
            index += 1
            continue
        if _original_begins(lines, index, low):
            break
        attribution = _attribution_length(lines, index, low)
        if attribution:
            following = _next_filled(lines, index + attribution)
            if following is not None and _quoted(lines[following]):
                index += attribution
                continue
            if any(character.isdigit() or character == "@" for character in low):
                break  # "On 1 Dec 2026, careerbuilder <…> wrote:" above an unquoted original
        if _quoted(line):
            quoted = view.lstrip(">" + SPACES)
            if quoted:  # a blank quoted line keeps the question above it
                question = answer_key(quoted)
            block += 0 if after_quote else 1
            after_quote, in_signature = True, False
        else:
            if low in ("--", "__") or low.startswith(SENT_FROM):
                in_signature = True
            if not in_signature:
                found.append(OwnLine(line, question if after_quote else None, block))
            after_quote, question = False, None
        index += 1
    return _without_sign_offs(found)


def _quoted(line: str) -> bool:
    return line[:MAX_LINE].lstrip(SPACES).startswith(">")


def _next_filled(lines: list[str], start: int) -> int | None:
    for index in range(start, min(len(lines), start + 3)):
        if fold(lines[index][:MAX_LINE]).strip():
            return index
    return None


def _attribution_length(lines: list[str], index: int, low: str) -> int:
    """How many lines (1 or 2, as Gmail wraps it) the "On … wrote:" line at `index` takes, or 0
    when it is not one. `low` is the line folded ("Le … a écrit :" and "Le … a ecrit :" alike)."""
    if not low.startswith(ATTRIBUTION_OPENERS) or len(low) > 250:
        return 0
    if _is_attribution(low):
        return 1
    if index + 1 < len(lines) and not low.endswith(":"):
        joined = f"{low} {fold(lines[index + 1][:MAX_LINE]).strip()}"
        if _is_attribution(joined):
            return 2
    return 0


def _is_attribution(low: str) -> bool:
    return low.rstrip().endswith(":") and any(verb in low for verb in ATTRIBUTION_VERBS)


def _original_begins(lines: list[str], index: int, low: str) -> bool:
    """Whether the quoted original, or a forwarded message, begins at this line, below which
    nothing is the person's: a separator ("-----Original Message-----", "-----Ursprüngliche
    Nachricht-----", "-------- Message d'origine --------", a line of underscores, "----------
    Forwarded message ---------", "Begin forwarded message:") or a header block (Outlook's
    "From: …" followed within a few lines by "Sent:", "To:" or "Subject:", in any language)."""
    if len(low) >= 10 and low.strip("_") == "":
        return True
    if low.startswith("-----") and low.endswith("-----") and low.strip("- "):
        return True
    if low in FORWARD_LINES:
        return True
    if ":" in low[:41] and _header_label(lines[index]) in FROM_LABELS:
        for later in lines[index + 1 : index + 5]:
            if _header_label(later) in HEADER_LABELS:
                return True
    return False


def _header_label(line: str) -> str | None:
    """The label of a header line, folded ("Envoyé : lundi …" → "envoye", "**Von:** …" → "von",
    "Enviada em: …" → "enviada em"), or None for a line without a colon near its start."""
    split = _split_label(line[:MAX_LINE])
    return split[0] if split else None


def _split_label(line: str) -> tuple[str, str] | None:
    """A header line as its folded label and the value after the colon."""
    view = line.strip().lstrip("*>" + SPACES)
    for position, character in enumerate(view[:40]):
        if character in ":：﹕":
            label = " ".join(fold(view[:position]).replace("*", " ").split())
            return (label, view[position + 1 :]) if label else None
    return None


def _without_sign_offs(found: list[OwnLine]) -> list[OwnLine]:
    """Drops a closing sign-off ("Thanks,", "Best regards", "Viele Grüße", "Cordialement") and
    the few short lines under it (a name, a title) at the end of a stretch of the person's
    lines; read from the end, so that only those last few lines are ever looked at again."""
    kept: list[OwnLine] = []
    blocks: dict[int, list[OwnLine]] = {}
    for line in found:
        blocks.setdefault(line.block, []).append(line)
    for lines in blocks.values():
        cut, after = len(lines), 0  # the filled lines below the one looked at
        for position in range(len(lines) - 1, -1, -1):
            view = lines[position].text[:MAX_LINE].strip()
            if not view:
                continue
            if fold(view).strip().rstrip(",.!;:-،؛ ") in SIGN_OFFS:
                cut = position
            after += 1
            if after > 3 or len(view) > 60:  # a sign-off above this is not the closing one
                break
        kept += lines[:cut]
    while kept and not kept[-1].text.strip():
        kept.pop()
    return kept


def latest_reply(text: str) -> str:
    """What the person wrote, as text, without the quoted original and their signature."""
    return "\n".join(line.text for line in own_lines(text)).strip("\n")


@dataclass
class CheckInReply:
    """What a reply to a check-in reminder says: the answers understood, the other lines (the
    check-in's notes) and what could not be taken, each said in a sentence."""

    answers: dict = field(default_factory=dict)
    notes: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Whether it answers both questions a new check-in needs."""
        return all(name in self.answers for name in SCORES)

    @property
    def empty(self) -> bool:
        """Whether it says nothing that a check-in could keep."""
        return not self.answers and not self.notes


@dataclass(frozen=True)
class AnswerLine:
    name: str  # the check-in's field
    value: str  # what follows the question (and its separator), all of it
    separated: bool  # whether a colon, a dash or "=" stood between the question and the value


def answer_key(text: str) -> str | None:
    """The check-in field a line asks or answers ("North Star: 1 to 5" → north_star_progress)."""
    line = answer_line(text)
    return line.name if line else None


def answer_line(text: str) -> AnswerLine | None:
    """The line read as "question, separator, value": "North Star: 4", "NORTH STAR 4",
    "Career - 3", "**Career**: 3", "- Next step = call Ada", "Carrière : 3", "¿Empleo o
    carrera? 3", "نجم الشمال: ٤". None for any other line."""
    body = text.lstrip().lstrip("*_-•·>¿¡" + SPACES)
    view = body[:MAX_LINE]
    key = _key_at_start(view)
    if key is None:
        return None
    name, end = key
    rest = view[end:].lstrip("*_" + SPACES)
    if rest.startswith("(") and ")" in rest[:40]:  # "North Star (1 to 5): 4"
        rest = rest[rest.index(")") + 1 :].lstrip("*_" + SPACES)
    separated = rest[:1] != "" and rest[:1] in SEPARATORS
    if separated:
        rest = rest[1:]
    return AnswerLine(name, body[len(view) - len(rest) :].strip().strip(BIDI).strip(), separated)


def _key_at_start(view: str) -> tuple[str, int] | None:
    """The field of the longest key the text begins with, and where the key ends in the text:
    a key ends the text or is followed by a character that is not a letter or digit ("Careers
    fair" is no answer; "Networking" is its own key). The beginning is folded one character at
    a time, as far as the longest key goes, and each candidate is a dict lookup."""
    folded: list[str] = []
    ends: list[int] = []  # for each folded character, where its character ends in the text
    for position, character in enumerate(view):
        for part in character.lower() if character.isascii() else _fold_character(character):
            folded.append(part)
            ends.append(position + 1)
        if len(folded) > LONGEST_KEY:
            break
    beginning = "".join(folded)
    for length in range(min(len(beginning), LONGEST_KEY), 0, -1):
        if length < len(beginning) and beginning[length].isalnum():
            continue
        name = KEYS.get(beginning[:length])
        if name is not None:
            end = ends[length - 1]
            while end < len(view) and not _fold_character(view[end]):
                end += 1  # an accent or a mark written after the key's last letter
            return name, end
    return None


def read_checkin_reply(text: str) -> CheckInReply:
    """The check-in a reply gives: each of the person's lines read as an answer, an answer on
    the line after its question, an answer under a quoted question, or else a line of notes.
    A line read as an answer never goes into the notes, understood or not."""
    reply = CheckInReply()
    notes: list[str] = []
    waiting: str | None = None  # a question written alone on its line: its answer comes next
    inline: dict[str, object] = {}  # answers under quoted questions: a written one wins
    for line in own_lines(text):
        view = line.text[:MAX_LINE].strip()
        if not view:
            notes.append("")
            continue
        answer = answer_line(line.text)
        if answer is not None and not answer.value:
            waiting = answer.name
            continue
        if answer is not None and _read_answer(reply, answer, reply.answers):
            waiting = None
            continue
        if waiting is not None:
            _read_answer(reply, AnswerLine(waiting, line.text.strip(), True), reply.answers)
            waiting = None
            continue
        if line.question is not None and _read_answer(
            reply, AnswerLine(line.question, line.text.strip(), False), inline, under_quote=True
        ):
            continue
        notes.append(line.text.rstrip())
    for name, value in inline.items():
        reply.answers.setdefault(name, value)
    reply.notes = _fit(reply, "notes", "\n".join(notes).strip())
    return reply


def _read_answer(reply: CheckInReply, answer: AnswerLine, into: dict, under_quote=False) -> bool:
    """Takes one answer into `into`; False when the line is not an answer after all ("Career
    change is on my mind", "Next week I travel", a remark under a quoted question), which then
    belongs to the notes. An answer that was meant but not understood says so in `problems`
    (in the active language: the handler reads a reply speaking its user's)."""
    name, value = answer.name, answer.value
    if name in SCORES or name == "mood":
        score = _score(name, value)
        if score is None:
            if not answer.separated:
                return False
            reply.problems.append(
                gettext("%(question)s: answer with a number from 1 to 5.")
                % {"question": SCORES.get(name, MOOD_LABEL)}
            )
            return True
        into[name] = score
        return True
    if not answer.separated and not under_quote:
        return False
    if name == "previous_step_outcome":
        outcome = OUTCOMES.get(" ".join(fold(value[:MAX_LINE]).strip(".!?¡¿؟" + SPACES).split()))
        if outcome is None and under_quote:
            return False
        if outcome is None:
            reply.problems.append(gettext("Last step: answer done, partly or not yet."))
        else:
            into[name] = outcome
        return True
    into[name] = _fit(reply, name, value)
    return True


def _score(name: str, value: str) -> int | None:
    """A score from 1 to 5: a number of any script ("4", "٤"), a number's word in any shipped
    language ("four", "vier", "quatre", "cuatro", "quatro", "أربعة", "Four."), perhaps out of 5
    ("4/5", "4 of 5", "4 out of 5", "4 von 5", "4 sur 5", "4 de 5", "٤ من ٥"); for a mood, also
    its word ("great", "gut", "génial"); else None. Read by hand, a run of digits or letters at
    a time, over at most MAX_LINE characters."""
    low = fold(value[:MAX_LINE]).strip()
    if name == "mood":
        word = " ".join(low.strip(".!¡" + SPACES).split())
        moods = _moods()
        if word in moods:
            return int(moods[word])
    score, rest = _number(low)
    if score is None or rest[:1].isalnum():
        return None  # "45" (a run of more than three digits), "4th", "fourth"
    after = rest.lstrip()
    after = after[1:].lstrip() if after[:1] and after[:1] in SLASHES else _out_of(after)
    if after is not None:
        of, tail = _number(after)
        if of is not None:
            if of != 5 or tail[:1].isalnum() or tail.lstrip()[:1].isdigit():
                return None  # "4/10" is not a score from 1 to 5
            return score if 1 <= score <= 5 else None
    if rest.lstrip()[:1].isdigit():
        return None  # "4 5"
    if low[:1].isalpha() and low[: len(low) - len(rest)] in ARTICLES and rest.strip(".!" + SPACES):
        return None  # "ein bisschen", "un peu", "uma semana boa": no score
    return score if 1 <= score <= 5 else None


def _run(text: str, start: int, test) -> int:
    """Where the run of characters passing `test` that starts at `start` ends."""
    end = start
    while end < len(text) and test(text[end]):
        end += 1
    return end


@functools.cache
def _moods() -> dict[str, int]:
    """MOOD_WORDS and the site's own mood labels in every language it speaks (the words its
    pages show): read once, as the catalogues do not change while the process lives."""
    words = dict(MOOD_WORDS)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            words.update({fold(str(label)).strip(): value for value, label in Mood.choices})
    return words


def _number(text: str) -> tuple[int | None, str]:
    """The number a folded text starts with (up to three digits, or a number's word) and what
    follows it; (None, text) when it starts with neither. Folding made every decimal digit ASCII;
    another character str.isdigit knows ("፩") is no digit here, as int() would refuse it."""
    end = _run(text, 0, lambda character: "0" <= character <= "9")
    if end:
        return (int(text[:end]) if end <= 3 else None), text[end:]
    end = _run(text, 0, str.isalpha)
    return NUMBER_WORDS.get(text[:end]), text[end:]


def _out_of(text: str) -> str | None:
    """What follows "of", "out of", "von", "sur", "de", "من" (and their kin) at the start of a
    folded text, or None when it does not start with one."""
    first = _run(text, 0, str.isalpha)
    if not first:
        return None
    space = _run(text, first, str.isspace)
    second = _run(text, space, str.isalpha)
    if second > space and f"{text[:first]} {text[space:second]}" in OUT_OF:
        return text[second:].lstrip()
    return text[first:].lstrip() if text[:first] in OUT_OF else None


def _fit(reply: CheckInReply, name: str, value: str) -> str:
    """The text cut to what its field holds (a next step is one line), saying so if cut."""
    model_field = CheckIn._meta.get_field(name)
    limit = model_field.max_length or next(
        (v.limit_value for v in model_field.validators if hasattr(v, "limit_value")), 2000
    )
    if len(value) > limit:
        reply.problems.append(
            gettext("%(question)s: cut to its first %(limit)s characters.")
            % {"question": TEXTS.get(name, NOTES_LABEL), "limit": limit}
        )
        value = value[:limit]
    return value


FORWARDED = re.compile(r"(?:(?:fwd?|fw|wg|tr|rv|enc)[ \t]{0,5}:[ \t]{0,5}){1,10}", re.I)
# The header lines of a forwarded message that name people ("From:", "Von:", "De :", "من:"…).
ADDRESS_LABELS = frozenset(
    map(fold, ("from", "to", "cc", "von", "an", "kopie", "de", "à", "para", "a", "من", "إلى"))
)


def forward_subject(subject: str) -> tuple[bool, str]:
    """Whether a subject says its message is forwarded ("Fwd: ", "WG: "…), and the subject
    without that prefix."""
    subject = subject[:1000].strip()
    match = FORWARDED.match(subject)
    return match is not None, subject[match.end() :] if match else subject


def _forward_start(text: str) -> int | None:
    """The index of the line where a forwarded message begins in `text`, if it does."""
    lines = text[:MAX_TEXT].split("\n")
    for index, line in enumerate(lines):
        if _original_begins(lines, index, fold(line[:MAX_LINE]).strip()):
            return index
    return None


def forward_note(text: str) -> str:
    """What the person wrote above the message they forward (nothing of the message itself)."""
    start = _forward_start(text)
    if start is None:
        return ""
    above = "\n".join(text[:MAX_TEXT].split("\n")[:start])
    return latest_reply(above).strip()


def people_in(message: EmailMessage, text: str | None = None) -> list[tuple[str, str]]:
    """Everyone a logged email names (name, lower-case address), once each, ours left out:
    its To and Cc (a BCC'd message), the headers of a forwarded message (attached, or quoted
    in the text after a "Forwarded message" line)."""
    values = [str(message.get(name, ""))[:MAX_TEXT] for name in ("To", "Cc")]
    for part in message.walk():
        if part.get_content_type() == "message/rfc822":
            for inner in part.iter_parts():
                values += [str(inner.get(name, ""))[:MAX_TEXT] for name in ("From", "To", "Cc")]
    text = message_text(message) if text is None else text
    start = _forward_start(text)
    if start is not None:
        for line in text[:MAX_TEXT].split("\n")[start:]:
            split = _split_label(line[:MAX_LINE])
            if split is not None and split[0] in ADDRESS_LABELS:
                values.append(split[1])
    found = {}
    for name, address in _addresses([clean_text(value, lines=False) for value in values]):
        address = address.strip().lower()
        if "@" in address and not _is_ours(address) and address not in found:
            found[address] = " ".join(name.split())[:200]
    return [(name, address) for address, name in found.items()]


def _addresses(values: list[str]) -> list[tuple[str, str]]:
    """getaddresses, value by value: one the standard library cannot read (groups nested past
    its recursion limit) names nobody, and the others still count."""
    found = []
    for value in values:
        try:
            found += getaddresses([value[:MAX_HEADER]])
        except (RecursionError, ValueError, IndexError, AttributeError):
            continue
    return found


def _is_ours(address: str) -> bool:
    return address.rpartition("@")[2] == settings.INBOUND_MAIL_DOMAIN.lower()


MAX_CALENDAR = 64 * 1024  # bytes of a calendar part read at all (a calendar's answer: a few KB)
CALENDAR_TYPES = ("text/calendar", "application/ics")


class CalendarTooLarge(ValueError):
    """A calendar part over MAX_CALENDAR, refused unread."""


def calendar_part(message: EmailMessage) -> bytes | None:
    """The iCalendar object a calendar's answer carries: a text/calendar alternative beside the
    text (Gmail, Outlook) or an attached .ics (Apple Mail, a forwarded answer); None when there
    is none. Raises CalendarTooLarge before decoding a part that cannot fit in MAX_CALENDAR
    (quoted-printable is at most three times the bytes it encodes), and after decoding one that
    does not."""
    for part in message.walk():
        if part.is_multipart():
            continue
        named = (part.get_filename() or "").lower().endswith(".ics")
        if part.get_content_type() not in CALENDAR_TYPES and not named:
            continue
        encoded = part.get_payload()
        if not isinstance(encoded, str) or len(encoded) > 3 * MAX_CALENDAR:
            raise CalendarTooLarge
        data = part.get_payload(decode=True) or b""
        if len(data) > MAX_CALENDAR:
            raise CalendarTooLarge
        return data
    return None
