"""The sentence model: a learned second reader for pressure the shapes don't know."""

import json
import re

import pytest

from relationships.content.check import TACTICS, check_content
from relationships.content.check import sentences as sentence_model
from relationships.content.check.sentences import SentenceModel, model_for
from relationships.content.check.verdict import _longest_free
from tests.content.sentence_model import Email, train

MARK = "Read by the sentence model"

# A pitch the detectors already catch (an offer, a closing door, few places), with a
# sentence of pressure in words no shape lists.
OFFER = (
    "Hi {{ first_name }},\n\n"
    "My twelve-week programme opens to new clients this month, £400 for the lot. "
    "Doors close on Friday and only three places are left.\n\n"
    "{pressure}\n\n"
    "Reply and I'll send the details.\n\n{{ coach_name }}"
)
PRESSURE = "Most of my clients in director-level roles completed theirs in the autumn."


def model_flags(result):
    return [f for f in result.flags if MARK in f.why]


@pytest.fixture
def no_model():
    kept = model_for("en")
    sentence_model.use_model("en", None)
    yield
    sentence_model.use_model("en", kept)


def test_the_english_model_knows_every_tactic():
    model = model_for("en")
    assert model is not None
    assert set(model.tactic_bias) == set(TACTICS)
    assert 0 < model.threshold < 1
    assert len(model.weights) > 1000


def test_a_pressure_sentence_in_an_email_that_sells_is_flagged_with_its_words():
    result = check_content("Spring intake", OFFER.replace("{pressure}", PRESSURE))
    [flag] = [f for f in model_flags(result) if f.excerpt in PRESSURE]
    assert flag.rule in TACTICS
    assert flag.excerpt in PRESSURE
    assert "“" in flag.why  # names the words that weighed most
    named = re.findall(r"“([^”]+)”", flag.why)
    assert named and all(len(word) >= 3 for word in named)
    assert flag.suggestion
    assert result.verdict != "value-first"


def test_an_honest_invitation_is_not_read_on():
    body = (
        "Hi {{ first_name }},\n\nThe sleep workshop is on Saturday 14 March, £60.\n\n"
        + PRESSURE
        + "\n\n{{ coach_name }}"
    )
    result = check_content("Sleep workshop", body, content_type="invitation")
    assert model_flags(result) == []


def test_the_same_sentence_in_an_email_that_sells_nothing_is_left_alone():
    body = (
        "Hi {{ first_name }},\n\nA thought on rest this week: "
        "try ten minutes outside before lunch.\n\n" + PRESSURE + "\n\n{{ coach_name }}"
    )
    result = check_content("A thought on rest", body)
    assert model_flags(result) == []


def test_a_quoted_sentence_is_someone_elses_words():
    quoted = OFFER.replace("{pressure}", f'A reader wrote: "{PRESSURE}"')
    flags = model_flags(check_content("Spring intake", quoted))
    assert not [f for f in flags if "director-level" in f.excerpt]


def test_a_short_subject_says_too_little_to_read():
    result = check_content("Spring intake", OFFER.replace("{pressure}", PRESSURE))
    assert not [f for f in model_flags(result) if f.field == "subject"]


def test_without_a_model_the_shapes_alone_judge(no_model):
    result = check_content("Spring intake", OFFER.replace("{pressure}", PRESSURE))
    assert model_flags(result) == []


def test_a_flag_points_at_the_words_no_tactic_flag_points_at_yet():
    text = "Doors close Friday, and most of my clients already finished theirs."
    assert _longest_free(text, 0, len(text), [(0, 18)]) == (
        text.index("most of"),
        len(text),
    )
    assert _longest_free(text, 0, len(text), [(0, len(text))]) is None


def test_training_learns_the_labelled_words_and_is_repeatable():
    def pitch(n: int) -> Email:
        phrase = "your chair goes to the next person on the list"
        body = f"Hi,\n\nThe group meets weekly. If you wait, {phrase}. Week {n} notes follow.\n"
        return Email(
            "s", f"p{n}", "pitch", "Group", body, "value", False, [("false-scarcity", phrase)]
        )

    def value(n: int) -> Email:
        body = f"Hi,\n\nA tip for week {n}: walk after lunch. The list of tips grows weekly.\n"
        return Email("s", f"v{n}", "value", "Tip", body, "value", False, [])

    emails = [pitch(n) for n in range(6)] + [value(n) for n in range(6)]
    model = train(emails)
    assert model == train(emails)
    pressing = {"w=chair", "w=next", "w=person", "w=goe", "w=wait"}
    calm = {"w=tip", "w=walk", "w=lunch"}
    assert model.pressure(pressing) > 2 * model.pressure(calm)
    assert model.tactic(pressing) == "false-scarcity"


def test_a_model_survives_its_json():
    model = model_for("en")
    data = json.loads(model.as_json())
    assert SentenceModel(**data).weights == model.weights
