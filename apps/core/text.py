"""Text cut to fit: at a word, with an ellipsis, so that a title never ends mid-word. The full
text goes beside it where a person can reach it (a `title` attribute, an SVG `<title>`)."""

ELLIPSIS = "…"


def shorten(text: str, limit: int) -> str:
    """`text` in at most `limit` characters, cut after the last whole word that fits (or inside a
    word longer than the room, the only way such a word fits)."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    room = max(limit - len(ELLIPSIS), 1)
    cut = text[: room + 1]  # one more: a space right after the room ends a whole word
    words = cut[:room] if " " not in cut else cut.rsplit(" ", 1)[0]
    return words.rstrip(" ,;:.-–—") + ELLIPSIS
