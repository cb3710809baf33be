"""The reply parser on anything a person (or a machine) may write."""

from hypothesis import given, settings
from hypothesis import strategies as st

from apps.inbound.parsing import (
    latest_reply,
    message_text,
    parse_message,
    read_checkin_reply,
)

KEYS = st.sampled_from(
    [
        "North Star",
        "north star",
        "NS",
        "Career",
        "CAREER",
        "job or career",
        "Mood",
        "Learned",
        "Network",
        "Next",
        "next step",
        "Last step",
        "Progress",
        "whatever",
    ]
)
LINES = st.one_of(
    st.builds(
        lambda k, s, v: f"{k}{s}{v}",
        KEYS,
        st.sampled_from([":", " :", "=", ": "]),
        st.one_of(st.integers(-10, 100).map(str), st.text(max_size=300)),
    ),
    st.text(max_size=200),
    st.just("> quoted North Star: 9"),
    st.just("On Mon, 1 Dec 2026 at 09:00, Someone <a@b.c> wrote:"),
    st.just("--"),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(LINES, max_size=30))
def test_any_reply_reads_without_error_and_scores_stay_1_to_5(lines):
    reply = read_checkin_reply(latest_reply("\n".join(lines)))
    for name in ("north_star_progress", "job_or_career", "mood"):
        assert reply.answers.get(name, 3) in range(1, 6)
    assert reply.answers.get("previous_step_outcome", "done") in {"done", "partly", "not_yet"}
    assert len(reply.answers.get("next_step", "")) <= 200
    assert "\n" not in reply.answers.get("next_step", "")
    assert len(reply.notes) <= 2000


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_read_as_a_message_without_error(raw):
    text = message_text(parse_message(raw))
    assert isinstance(text, str)
    read_checkin_reply(latest_reply(text))


def test_the_line_grammar():
    reply = read_checkin_reply(
        "  north STAR : 4/5\n**Career**: 3 of 5\nmood: great\nLast step: partly\n"
        "Next step: Ship it\nNorth Star: 7\nA line of my own\n"
    )
    assert reply.answers == {
        "north_star_progress": 4,
        "job_or_career": 3,
        "mood": 5,
        "previous_step_outcome": "partly",
        "next_step": "Ship it",
    }
    assert reply.notes == "A line of my own"
    assert reply.problems == ["North Star: answer with a number from 1 to 5."]
