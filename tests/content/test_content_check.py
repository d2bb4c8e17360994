"""The pitch-pressure check: every rule with examples that must and must not trigger."""

import dataclasses
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from relationships.content.check import (
    RULES,
    TACTICS,
    Thresholds,
    check_content,
    matcher,
    median_check_ms,
    parse_email_source,
)
from relationships.content.check.lexicon.en import LEXICON
from relationships.content.check.shapes import ShapeError, compile_shape
from relationships.content.check.tactics import Detectors

DEFAULTS = Thresholds()
ROOT = Path(__file__).resolve().parents[2]

CLEAN_BODY = """Hi {{ first_name }},

When a week gets away from you, try a ten-minute reset. Write everything on your mind in one
column, then pick the three things that would make next week lighter.

Most people find half the list can wait. What would be on your three?

{{ coach_name }}
"""


def check(body, subject="", **kwargs):
    kwargs.setdefault("thresholds", DEFAULTS)
    return check_content(subject, body, **kwargs)


def rules(body, subject="", **kwargs):
    return [flag.rule for flag in check(body, subject, **kwargs).flags]


# --- Negations, quotes and ordinary words ------------------------------------------------

ORDINARY = [
    "There's no rush.",
    "No pressure at all.",
    "Take your time with it.",
    "This is free to use, no strings.",
    "Now that spring is here, look at your calendar.",
    "What would change if this were solved?",
    "You don't need to buy anything.",
    "I'm not going to tell you it's your last chance.",
    "Feel free to change the words.",
    "What's your biggest priority right now?",
    "There's no need to act now.",
    "You don't have to sign up for anything.",
    "This isn't a limited-time offer.",
    "I won't pretend this is a once-in-a-lifetime opportunity.",
    "There are no guarantees, just honest work.",
    "It's no secret that sleep matters.",
    "Habits don't change overnight.",
    "There's no magic pill for this.",
    "Avoid phrases like only 3 spots left in your own emails.",
    "Don't wait for motivation before you start.",
    "If you're in a hurry, skip to step three.",
    "Go to bed before midnight on work nights.",
    "For the next 5 days, notice your energy.",
    "It was just two people in the room.",
    "Grab a pen and a notebook.",
    "Save time by batching your email.",
    "Start today with one small step.",
    "I spent $40,000 on my training years ago.",
    "Book a meeting with your manager.",
    "We train 3x a week.",
    "Don't hesitate to reach out.",
    "The ultimate goal is rest.",
    "I can't wait to hear how it goes.",
    "Buy yourself time before you answer.",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_it_ignores_ordinary_negated_and_everyday_language(text):
    assert check(text).flags == []


@pytest.mark.parametrize(
    "text",
    [
        'Emails that shout "act now!" rarely lead to good decisions.',
        "Emails that shout “act now!” rarely lead to good decisions.",
        "You've seen subject lines like ‘only 3 spots left’ before.",
        "Someone wrote 'don't miss out' in every email they sent.",
        "“You can't afford to miss this” is a line I'll never use.",
    ],
)
def test_it_ignores_quoted_pushy_language(text):
    assert check(text).flags == []


def test_it_ignores_a_quoted_example_in_the_subject():
    assert check(CLEAN_BODY, subject='Why I don\'t write "last chance" emails').flags == []


# --- Urgency and scarcity ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tactic"),
    [
        ("Only 3 spots left!", "false-scarcity"),
        ("There are just two seats remaining.", "false-scarcity"),
        ("I'm down to the last few places.", "false-scarcity"),
        ("There are not many seats left.", "false-scarcity"),
        ("The offer ends tonight.", "false-urgency"),
        ("Doors close Friday.", "false-urgency"),
        ("Cart closes at midnight.", "false-urgency"),
        ("Enrollment closes in 2 days.", "false-urgency"),
        ("48 hours left to join.", "false-urgency"),
        ("Last chance to join the group.", "false-urgency"),
        ("This is a limited-time offer.", "false-urgency"),
        ("Get it before it's gone.", "false-scarcity"),
        ("Act now.", "false-urgency"),
        ("Hurry, the group is nearly full.", "false-urgency"),
        ("The price goes up on Monday.", "false-urgency"),
        ("Sessions like this won't last.", "false-scarcity"),
        ("Spots are filling up fast.", "false-scarcity"),
        ("Book before Sunday to keep your place.", "false-urgency"),
    ],
)
def test_it_flags_scarcity_countdown_and_urgency(text, tactic):
    assert tactic in rules(text, content_type="invitation")


def test_it_flags_urgency_after_a_comma_even_when_the_clause_before_is_negated():
    assert "false-urgency" in rules(
        "No pressure, but doors close tonight.", content_type="invitation"
    )


def test_it_ignores_negated_urgency():
    assert rules("I'm not going to tell you it's your last chance; there's no rush.") == []


# --- Pressure and fear -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tactic"),
    [
        ("You can't afford to miss this.", "fear-of-loss"),
        ("What are you waiting for?", "false-urgency"),
        ("Don't miss out.", "fear-of-loss"),
        ("You'll regret it.", "fear-of-loss"),
        ("If you don't act now, nothing will change.", "fear-of-loss"),
        ("Are you serious about your health?", "guilt-shame"),
        ("Every week you put this off is another week lost.", "fear-of-loss"),
        ("I noticed you haven't joined yet.", "guilt-shame"),
        ("Everyone else is already seeing results.", "social-proof-pressure"),
        ("Don't let another year slip by.", "fear-of-loss"),
        ("No more excuses.", "guilt-shame"),
    ],
)
def test_it_flags_pressure_and_guilt(text, tactic):
    assert tactic in rules(text, content_type="invitation")


@pytest.mark.parametrize(
    "text",
    [
        "You won't miss anything important if you skip a week.",
        "If you don't have time for a full review, do a short one.",
        "Nobody is serious about everything at once.",
    ],
)
def test_it_ignores_ordinary_uses_of_pressure_words(text):
    assert rules(text) == []


# --- Guarantees and hype -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tactic"),
    [
        ("Guaranteed results in 30 days.", "guaranteed-outcome"),
        ("It's 100% guaranteed.", "guaranteed-outcome"),
        ("A life-changing program.", "hype"),
        ("The secret to effortless focus.", "hype"),
        ("Skyrocket your sales.", "hype"),
        ("Overnight success is possible.", "hype"),
        ("10x your income this year.", "hype"),
        ("This will explode your growth.", "hype"),
        ("My proven system works for everyone.", "hype"),
    ],
)
def test_it_flags_guarantees_and_hype(text, tactic):
    assert tactic in rules(text, content_type="invitation")


def test_it_ignores_negated_hype():
    assert rules("There's no guarantee and no secret formula; change won't happen overnight.") == []


# --- Price before value ------------------------------------------------------------------


def test_it_flags_a_discount_in_the_subject():
    result = check(CLEAN_BODY, subject="30% off coaching this week", content_type="invitation")
    [flag] = result.flags
    assert (flag.rule, flag.field, flag.excerpt) == ("price-anchoring", "subject", "30% off")
    assert (flag.start, flag.end) == (0, 7)


def test_it_flags_a_price_in_the_opening_of_an_invitation():
    body = "Hi {{ first_name }},\n\nMy coaching is only $300 a month.\n\n" + CLEAN_BODY
    assert "price-first" in rules(body, content_type="invitation")


def test_it_allows_a_price_after_the_value_in_an_invitation():
    body = CLEAN_BODY + "\nIf you'd like to work together, sessions are only $150 each.\n"
    assert rules(body, content_type="invitation") == []


def test_it_flags_a_discount_anywhere_in_a_value_email():
    body = CLEAN_BODY + "\nP.S. My course is 40% off this week.\n"
    assert rules(body, content_type="value") == ["price-anchoring"]


def test_it_ignores_amounts_that_are_not_prices():
    body = "Grab a $5 notebook. Maria once had $40,000 of debt, and she paid it off slowly."
    assert rules(body) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "The penalty for a late return starts at £100 even if you owe nothing.",
        "Priya got a job offer at $112,000 with a Friday deadline to accept.",
        "An accountant for a simple return typically costs between £150 and £400.",
        "He raised his monthly fee from £90 to £150 for new clients.",
        "Would I buy this at £99 if there had never been a £200?",
        "A second-hand road bike in good nick is $800–$1,500.",
        "Cue me, in my pajamas, writing a check for $8.",
        "Rent for a basement room was $650 and my savings were disappearing.",
        "Union schemes cost often £30–£80 a month, depending on age.",
        "Home care from an agency costs around £30 an hour.",
    ],
)
def test_somebody_elses_money_is_not_a_price_the_email_asks(sentence):
    result = check(f"Hi {{{{ first_name }}}},\n\n{sentence}\n\n" + CLEAN_BODY)
    assert result.flags == []


def test_the_writers_own_price_beside_the_tax_year_is_still_a_price():
    body = (
        "Hi {{ first_name }},\n\nI am offering a review, ordinarily £1,750, currently £650, "
        "before the tax year closes.\n\n" + CLEAN_BODY
    )
    assert "price-anchoring" in rules(body, content_type="invitation")


@pytest.mark.parametrize(
    ("subject", "sentence"),
    [
        ("", "If your hospital uses the state's module, enrolment is open until the end of June."),
        ("", "Miss the January deadline and there's an automatic £100 penalty."),
        ("Before the October tax deadline: a checklist", "Here is what to gather."),
    ],
)
def test_an_institutions_deadline_is_information(subject, sentence):
    assert rules(CLEAN_BODY + "\n" + sentence + "\n", subject) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Some of them have limited spots, so it's worth checking their calendar.",
        "Entries open soon and the popular ones do sell out, so check the date.",
        "Most of them hold a few slots in October for exactly this.",
    ],
)
def test_somebody_elses_places_are_not_the_writers_scarcity(sentence):
    assert "false-scarcity" not in rules(CLEAN_BODY + "\n" + sentence + "\n")


@pytest.mark.parametrize(
    "sentence",
    [
        "Why your last rep matters less than you think.",
        "It costs less than you'd think, and you can raise fees with a clear conscience.",
        "Nobody should be made to feel they're running out of time to heal.",
        "Registration doesn't open until January, so there's no hurry.",
        "If you run limited-edition pieces, factor the firing cost in per piece.",
    ],
)
def test_words_that_deny_or_weigh_the_pressure_leave_no_flag(sentence):
    assert rules(CLEAN_BODY + "\n" + sentence + "\n") == []


def test_a_reproach_with_less_than_you_is_still_guilt():
    assert "guilt-shame" in rules(
        CLEAN_BODY + "\nYou give your family less than you give your inbox.\n",
        content_type="invitation",
    )


@pytest.mark.parametrize(
    ("sentence", "tactic"),
    [
        ("Bake To Profit reopens tomorrow for 48 hours.", "false-urgency"),
        ("It runs for a week, and then it's shut till spring.", "false-urgency"),
        ("You'll be kicking yourself in March.", "fear-of-loss"),
        ("Link's below. See you inside.", "assumptive-close"),
    ],
)
def test_a_short_window_regret_and_a_yes_assumed_in_plain_words(sentence, tactic):
    assert tactic in rules(CLEAN_BODY + "\n" + sentence + "\n", content_type="invitation")


def test_a_grant_that_closes_is_somebody_elses_deadline():
    sentence = "The state Resilience Grant closes applications on 31 March."
    assert rules(CLEAN_BODY + "\n" + sentence + "\n") == []


# --- Calls to buy or book in Value and Question emails ------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Book a call with me to talk it through.",
        "Buy now and get the workbook.",
        "Enroll in the program today.",
        "Sign up for the program here.",
        "Pay here: https://example.com/checkout/clarity",
    ],
)
@pytest.mark.parametrize("content_type", ["value", "question"])
def test_it_flags_a_call_to_buy_or_book_in_a_value_or_question_email(text, content_type):
    assert "buy-call" in rules(text, content_type=content_type)


def test_it_allows_a_booking_call_in_an_invitation():
    body = CLEAN_BODY + "\nIf you'd like to talk, book a call here: https://example.com/book\n"
    assert rules(body, content_type="invitation") == []


def test_it_counts_a_booking_phrase_and_its_link_as_one_ask():
    body = CLEAN_BODY + "\nBook a call with me here: https://example.com/book\n"
    assert rules(body, content_type="value") == ["buy-call"]


# --- Subject lines -----------------------------------------------------------------------


@pytest.mark.parametrize("subject", ["Re: our conversation", "Fwd: your plan", "RE: hello"])
def test_it_flags_a_fake_reply_subject_on_a_first_email(subject):
    assert "fake-familiarity" in rules(CLEAN_BODY, subject, is_first_email=True)


def test_it_allows_re_on_a_later_email():
    assert rules(CLEAN_BODY, "Re: our conversation", is_first_email=False) == []


@pytest.mark.parametrize("subject", ["URGENT - please read", "Final notice: your spot", "Urgent"])
def test_it_flags_alarm_subjects(subject):
    assert "subject-bait" in rules(CLEAN_BODY, subject)


@pytest.mark.parametrize("subject", ["Quick question", "A question about your week", "Hello"])
def test_it_does_not_over_flag_plain_subjects(subject):
    assert rules(CLEAN_BODY, subject, is_first_email=True) == []


# --- Shouting and exclamations -----------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["This is a HUGE SALE for you.", "It's INCREDIBLE value.", "Please JOIN NOW."]
)
def test_it_flags_shouting(text):
    assert "shouting" in rules(text)


def test_it_ignores_acronyms():
    text = (
        "As a CEO with ADHD in the USA, read the PDF and FAQ from the NYC office, ask HR about "
        "AI and each KPI, and set SMART goals with the GROW model."
    )
    assert rules(text) == []


def test_a_name_spelt_out_or_in_brackets_is_not_shouting():
    assert rules("STAMMA (the British Stammering Association) runs free online groups.") == []
    assert rules("Your entitlement (including ELCAS credits) has time limits.") == []
    assert "shouting" in rules("This is (honestly) INCREDIBLE value.")
    assert rules("My pension is with HOOPP, like most nurses in Ontario.") == []
    assert "shouting" in rules("The doors close TONIGHT.")


def test_it_allows_one_emphatic_short_word_but_not_a_habit_of_them():
    assert rules("This is NOT about willpower.") == []
    assert rules("This is NOT about willpower. It's about YOU.") == ["shouting", "shouting"]


def test_it_flags_any_shouting_word_in_the_subject():
    assert "shouting" in rules(CLEAN_BODY, "A FREE guide")


def test_it_flags_exclamation_runs():
    result = check("I'm so happy to share this!!")
    [flag] = result.flags
    assert (flag.rule, flag.excerpt) == ("exclamations", "!!")


def test_it_flags_too_many_exclamation_marks_but_not_a_few():
    assert rules("Hi! Great to see you! Enjoy the week!") == []
    four = "Hi! Great to see you! Enjoy the week! Talk soon!"
    [flag] = check(four).flags
    assert flag.rule == "exclamations"
    assert four[flag.start : flag.end] == "!" and flag.start == four.rindex("!")


def test_it_does_not_count_image_markers_as_exclamations():
    assert check("![a chart](https://example.com/chart.png)").stats["exclamations"] == 0


# --- Calls to action ---------------------------------------------------------------------


def test_it_flags_every_call_to_action_beyond_the_first():
    body = (
        "Read the article: https://example.com/a\n\n"
        "Download the worksheet here: https://example.com/w\n\n"
        "Watch the video: https://example.com/v\n"
    )
    result = check(body)
    assert result.stats["calls_to_action"] == 3
    spans = [body[f.start : f.end] for f in result.flags if f.rule == "cta-count"]
    assert spans == ["Download the worksheet", "Watch the video"]


def test_it_counts_a_repeated_link_once_and_replies_not_at_all():
    body = (
        "Here is the [worksheet](https://example.com/w). Print the "
        "[worksheet](https://example.com/w/) twice. Hit reply and let me know how it goes."
    )
    result = check(body)
    assert result.stats["calls_to_action"] == 1
    assert result.stats["reply_requests"] == 2
    assert result.flags == []


def test_it_only_counts_imperatives_as_calls_to_action():
    body = "People who sign up for everything burn out. You can sign up for one thing at a time."
    assert check(body).stats["calls_to_action"] == 1


def test_it_respects_the_max_ctas_threshold():
    body = "Read this: https://example.com/a\n\nAnd this: https://example.com/b\n"
    assert rules(body) == ["cta-count"]
    assert rules(body, thresholds=Thresholds(max_ctas=2)) == []


# --- Stats-based soft flags --------------------------------------------------------------


SELF_FOCUSED = (
    "We are proud to announce our new academy. We built it over two years and we think our "
    "method is the best we have made. Our team grew, our offices moved and our clients are in "
    "ten countries now. We will share more of our news soon, and we hope you like it."
)


def test_it_flags_self_focus_when_we_talk_dominates():
    result = check(SELF_FOCUSED)
    assert [f.rule for f in result.flags] == ["self-focus"]
    assert result.verdict == "needs-work"


def test_it_does_not_flag_a_short_personal_story_that_turns_to_the_reader():
    story = (
        "Last year I tracked my energy for a week. I expected afternoons to be bad, and they "
        "were. What surprised me was what came before each dip: meetings where I said little. "
        "You might find something different. Try it for a week and see what you notice about "
        "your own days, your meetings and your evenings. What do you expect to find?"
    )
    assert check(story).flags == []


def test_it_flags_a_very_high_reading_level():
    text = (
        "Organisational accountability frameworks, particularly those implemented within "
        "geographically distributed and cross-functional environments, frequently encounter "
        "considerable difficulties stemming from fundamental ambiguity surrounding "
        "decision-making responsibilities, consequently generating interpersonal friction. "
        "Establishing explicit, documented responsibility assignments, together with regularly "
        "scheduled, systematically facilitated review conversations, represents an essential "
        "organisational intervention."
    )
    result = check(text)
    assert [f.rule for f in result.flags] == ["reading-level"]
    assert result.stats["reading_grade"] > DEFAULTS.max_reading_grade


def test_it_flags_a_question_email_that_asks_nothing():
    assert rules("Here is a thought for your week.", content_type="question") == ["no-question"]
    assert rules("What is on your mind this week?", content_type="question") == []
    assert rules("Here is a thought for your week.", content_type="value") == []


# --- Spans, fields, result shape ---------------------------------------------------------


def test_flags_carry_the_exact_span_into_their_field():
    subject = "Last chance: 50% off"
    body = "Hi {{ first_name }},\n\nThe “Clarity” course has only 3 spots left—don’t miss out.\n"
    result = check(body, subject, content_type="invitation")
    assert result.flags, result
    for flag in result.flags:
        text = subject if flag.field == "subject" else body
        assert text[flag.start : flag.end] == flag.excerpt
        assert flag.why and flag.suggestion and flag.rule in RULES
    assert {(f.field, f.excerpt) for f in result.flags} >= {
        ("subject", "Last chance"),
        ("subject", "50% off"),
        ("body", "only 3 spots left"),
        ("body", "don’t miss out"),
    }


def test_subject_flags_come_first_then_body_flags_in_order():
    result = check("Act now. Only 3 spots left.", "Last chance", content_type="invitation")
    keys = [(f.field != "subject", f.start) for f in result.flags]
    assert keys == sorted(keys) and result.flags[0].field == "subject"


def test_as_dict_is_json_serializable():
    result = check("Only 3 spots left! Act now.", "Hurry", content_type="invitation")
    data = json.loads(json.dumps(result.as_dict()))
    assert set(data) == {"verdict", "score", "flags", "stats"}
    assert set(data["flags"][0]) == {
        "rule",
        "start",
        "end",
        "excerpt",
        "why",
        "suggestion",
        "field",
    }


def test_it_measures_stats():
    body = (
        "Hi {{ first_name }},\n\nI think you will like this. We made it for you and your team.\n\n"
        "Read it here: [the guide](https://example.com/guide) or at https://example.com/alt.\n\n"
        "What do you think? Is it useful?\n"
    )
    stats = check(body).stats
    assert stats["you_words"] == 4
    assert stats["i_we_words"] == 2
    assert stats["you_ratio"] == 0.67
    assert stats["questions"] == 2
    assert stats["links"] == 2
    assert stats["calls_to_action"] == 1
    assert stats["exclamations"] == 0
    assert stats["sentences"] == 6
    assert 25 <= stats["words"] <= 30
    assert 0 <= stats["reading_grade"] < 8


# --- Verdict and score -------------------------------------------------------------------


def test_a_clean_email_is_value_first_with_full_score():
    result = check(CLEAN_BODY, "A ten-minute reset")
    assert (result.verdict, result.score, result.flags) == ("value-first", 100, [])


def test_one_severe_flag_needs_work_and_two_make_a_pitch():
    one = check(CLEAN_BODY + "\nRegistration closes Friday.\n", content_type="invitation")
    assert (one.verdict, one.score) == ("needs-work", 70)
    two = check(
        CLEAN_BODY + "\nRegistration closes Friday. Don't miss out.\n", content_type="invitation"
    )
    assert (two.verdict, two.score) == ("pitch", 40)


def test_soft_flags_alone_never_make_a_pitch():
    body = SELF_FOCUSED + " Wow!! Read https://example.com/a\n\nAnd https://example.com/b\n"
    result = check(body)
    assert {f.rule for f in result.flags} == {"self-focus", "exclamations", "cta-count"}
    assert result.verdict == "needs-work"


def test_many_soft_flags_lower_the_score_but_still_only_need_work():
    body = (
        SELF_FOCUSED
        + " OUR BIG NEWS!! WOW!!\n\nRead https://example.com/a\n\nRead https://example.com/b\n"
        + "\nRead https://example.com/c\n"
    )
    result = check(body)
    assert result.score < DEFAULTS.pitch_below_score
    assert result.verdict == "needs-work"


def test_the_score_counts_each_rule_at_most_twice():
    result = check("Act now. Act now. Act now. Act now.", content_type="invitation")
    assert len(result.flags) == 4
    assert result.score == 100 - 2 * RULES["false-urgency"].weight


PITCH_PHRASES = [
    "Only 3 spots left.",
    "Doors close tonight.",
    "Don't miss out!",
    "You'll regret it.",
    "Guaranteed results.",
    "Book a call now.",
    "50% off this week only.",
    "What are you waiting for?",
    "SIGN UP TODAY",
]


@settings(max_examples=60, deadline=None)
@given(
    phrase=st.sampled_from(PITCH_PHRASES),
    where=st.integers(min_value=0, max_value=len(CLEAN_BODY)),
    content_type=st.sampled_from(["value", "question", "invitation"]),
)
def test_a_pitch_phrase_anywhere_means_never_value_first(phrase, where, content_type):
    cut = CLEAN_BODY.rfind("\n", 0, where) + 1
    body = CLEAN_BODY[:cut] + phrase + "\n" + CLEAN_BODY[cut:]
    assert check(body, content_type=content_type).verdict != "value-first"


def test_it_is_deterministic():
    body = CLEAN_BODY + "\nOnly 3 spots left, act now!\n"
    assert check(body).as_dict() == check(body).as_dict()


def test_it_rejects_an_unknown_content_type():
    with pytest.raises(ValueError, match="content type"):
        check("Hello", content_type="newsletter")


def test_it_checks_a_thousand_word_email():
    body = "\n\n".join([CLEAN_BODY] * 21)
    assert 950 <= check(body).stats["words"] <= 1100
    assert median_check_ms(body, repeats=3) > 0


# --- Thresholds --------------------------------------------------------------------------


def test_thresholds_read_overrides_from_settings(settings):
    settings.BRIDGE_CONTENT_CHECK = {"max_ctas": 3, "max_reading_grade": "9.5"}
    limits = Thresholds.from_settings()
    assert (limits.max_ctas, limits.max_reading_grade) == (3, 9.5)
    assert limits.max_exclamations == DEFAULTS.max_exclamations


def test_thresholds_reject_unknown_settings_keys(settings):
    settings.BRIDGE_CONTENT_CHECK = {"max_cta": 3}
    with pytest.raises(ValueError, match="max_cta"):
        Thresholds.from_settings()


def test_thresholds_work_without_configured_settings():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    code = (
        "from relationships.content.check import Thresholds, check_content\n"
        "assert Thresholds.from_settings() == Thresholds()\n"
        "print(check_content('Hi', 'Only 3 spots left').verdict)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "needs-work"


# --- Email source files ------------------------------------------------------------------


def test_it_parses_header_lines_and_body():
    source = parse_email_source("Subject: Hello\nType: Question\nFirst: yes\n\nBody line\n")
    assert (source.subject, source.content_type, source.is_first_email) == (
        "Hello",
        "question",
        True,
    )
    assert (source.body, source.body_line) == ("Body line\n", 5)


def test_a_file_without_headers_is_all_body():
    source = parse_email_source("Note: this is prose.\nMore.\n")
    assert (source.subject, source.body, source.content_type) == (
        "",
        "Note: this is prose.\nMore.\n",
        None,
    )


# --- Management command ------------------------------------------------------------------


@pytest.fixture
def email_files(tmp_path):
    clean = tmp_path / "clean.md"
    clean.write_text("Subject: A ten-minute reset\n\n" + CLEAN_BODY)
    pushy = tmp_path / "pushy.md"
    pushy.write_text(
        "Subject: Last chance\nType: invitation\n\nHi,\n\nOnly 3 spots left. Don't miss out.\n"
    )
    return clean, pushy


def test_the_command_prints_json(email_files):
    clean, pushy = email_files
    out = io.StringIO()
    call_command("content_check", str(clean), str(pushy), "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert [(d["path"], d["verdict"]) for d in data] == [
        (str(clean), "value-first"),
        (str(pushy), "pitch"),
    ]
    flag = data[1]["flags"][0]
    assert {"rule", "start", "end", "excerpt", "why", "suggestion"} <= set(flag)
    assert data[1]["stats"]["words"] > 0


def test_the_command_prints_a_readable_report_with_marked_words(email_files):
    clean, pushy = email_files
    out = io.StringIO()
    call_command("content_check", str(clean), str(pushy), stdout=out, no_color=True)
    report = out.getvalue()
    assert f"{clean}: value-first (score 100, value)" in report
    assert f"{pushy}: pitch" in report
    assert "[false-urgency] subject line 1: [[Last chance]]" in report
    assert "[false-scarcity] body line 6: [[Only 3 spots left]]. Don't miss out." in report
    assert "why: " in report and "try: " in report


def test_the_command_takes_type_and_first_flags(tmp_path):
    path = tmp_path / "plain.md"
    path.write_text("Subject: Re: hello\n\nHere is a thought for your week.\n")
    out = io.StringIO()
    call_command("content_check", str(path), "--json", "--type", "question", "--first", stdout=out)
    [data] = json.loads(out.getvalue())
    assert {f["rule"] for f in data["flags"]} == {"fake-familiarity", "no-question"}


def test_the_command_reports_a_missing_file_clearly(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("content_check", str(tmp_path / "missing.md"))


def test_the_command_reports_an_unreadable_file_clearly(tmp_path):
    path = tmp_path / "binary.md"
    path.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(CommandError, match="can't read it"):
        call_command("content_check", str(path))


def test_the_command_rejects_an_unknown_type_in_a_file(tmp_path):
    path = tmp_path / "odd.md"
    path.write_text("Subject: Hi\nType: newsletter\n\nHello.\n")
    with pytest.raises(CommandError, match="unknown Type"):
        call_command("content_check", str(path))


# --- The fast matcher --------------------------------------------------------------------


def _corpus_texts():
    for folder in (
        ROOT / "tests" / "content" / "content_corpus",
        ROOT / "relationships" / "content" / "starter",
    ):
        for path in sorted(folder.rglob("*.md")):
            source = parse_email_source(path.read_text(encoding="utf-8"))
            yield source.subject
            yield source.body
    yield from ORDINARY
    yield from PITCH_PHRASES


@pytest.mark.parametrize("table", matcher._ALL_TABLES, ids=lambda table: table.name)
def test_the_fast_matcher_finds_exactly_what_a_full_scan_finds(table):
    # Each rule is matched by trying patterns only where their first word occurs; a full
    # scan of the whole alternation must agree, or a pattern's first words were misread.
    alternation = re.compile(
        "|".join(f"(?P<g{i}>{p.pattern})" for i, p in enumerate(table.patterns)), re.IGNORECASE
    )
    for text in _corpus_texts():
        field = matcher._prepare("body", text)
        full_scan = [(m.span(), int(m.lastgroup[1:])) for m in alternation.finditer(field.masked)]
        assert [(m.span(), i) for m, i in table.matches(field)] == full_scan, text[:80]


def test_every_pattern_has_known_first_words():
    assert [t.name for t in matcher._ALL_TABLES if t.everywhere] == []


# --- Tactics, in sentences of our own: each shape, not only its usual words ------------------


TACTIC_SENTENCES = {
    "false-scarcity": [
        "Seven of the ten chairs are already taken.",
        "I'm keeping just four more openings for this autumn.",
        "There is room for only two more families this term.",
        "I only take on three new founders a quarter.",
        "The retreat is capped at nine guests.",
        "Once they're gone, that's it for the year.",
    ],
    "false-urgency": [
        "The founding rate ends on Sunday at 8pm.",
        "Applications shut at midnight on the 12th.",
        "Book before Thursday to keep the lower fee.",
        "After Friday I won't be offering it again this year.",
        "I'm locking the cohort when the weekend is over.",
        "The bonus pack disappears on Monday.",
    ],
    "fake-familiarity": [
        "As we discussed on Tuesday, here are the numbers.",
        "It was wonderful to connect at the conference.",
        "Going back to what you told me about your manager.",
        "I promised you I'd send this over.",
        "When we spoke last month, you were worried about cash flow.",
    ],
    "assumptive-close": [
        "I've pencilled you in for Friday at 10am.",
        "I went ahead and booked you a seat at the table.",
        "Your spot is already reserved.",
        "All you need to do is click accept on the invite.",
        "I've blocked out Wednesday afternoon for you.",
    ],
    "exclusivity": [
        "I'm not posting this anywhere public.",
        "Seats are curated, and only by referral.",
        "I'm only inviting clients I know are ready for this step.",
        "This is going to a handful of people I trust before it goes public.",
        "It's a private circle of eight, and I chose you for it.",
    ],
    "guilt-shame": [
        "Your team deserves better than a manager running on fumes.",
        "If you keep ignoring the numbers, that's a choice.",
        "Deep down, you know this already.",
        "Working through lunch every day isn't dedication.",
        "Most of my clients started with less money than you have.",
    ],
    "fear-of-loss": [
        "Each season you delay puts the goal further away.",
        "Don't spend another winter feeling like this.",
        "Those weekends won't ever come back, and you never get them back.",
        "Leave it too long and the injury becomes chronic.",
        "I've watched people lose two whole years to indecision.",
    ],
    "social-proof-pressure": [
        "Over 400 parents from your school have already joined.",
        "Your competitors are already using it.",
        "The coaches who thrive are almost always the ones who invested early.",
        "It's fast becoming the norm in your industry.",
    ],
    "price-anchoring": [
        "It's normally $900; this month it's $450.",
        "You get over £3,000 in value for £299.",
        "This is the lowest price I've ever offered.",
        "The package is valued at €1,200.",
    ],
    "guaranteed-outcome": [
        "Stick with the programme and you will land the job.",
        "With my method, you will sleep through the night.",
        "I've never had a client finish the plan and not hit their number.",
        "Every client who has done the work has reached their goal.",
        "The course guarantees results.",
    ],
    "hype": [
        "It's a total game-changer.",
        "This workshop changed everything for my business.",
        "It's the most powerful method I teach.",
        "It's the closest thing to a cheat code I know.",
    ],
}


@pytest.mark.parametrize(
    ("tactic", "text"),
    [(tactic, text) for tactic, texts in TACTIC_SENTENCES.items() for text in texts],
)
def test_each_tactic_is_found_in_words_it_has_not_seen(tactic, text):
    result = check(text, content_type="invitation")
    assert tactic in [f.rule for f in result.flags], [(f.rule, f.excerpt) for f in result.flags]
    assert result.verdict != "value-first"


INNOCENT = [
    # honest dates, capacity and prices
    "The workshop is on Thursday 9 May at 6pm in the library.",
    "The hall holds about sixty people; everyone is welcome.",
    "Your tax return is due on 31 January, and that's the government's date.",
    # everyday words that also appear in pitches
    "Free time matters more than we admit.",
    "Save your energy for the two things that matter.",
    "Spots of sunshine make a walk easier.",
    "The price of perfectionism is usually paid in sleep.",
    "You'll feel lighter once the list is on paper, I promise.",
    "Most people see a difference within a couple of weeks.",
    "If you keep a notebook by the bed, worries have somewhere to go.",
    # denied or quoted pushiness
    "There's no deadline and no catch.",
    "I won't ever tell you a place is the last one.",
    'You have seen ads that say "only 2 seats left, decide today".',
    "There's no guaranteed outcome in coaching, and I won't pretend otherwise.",
    "This isn't exclusive, and it isn't secret.",
    # stories and real references
    "When we first met, she was working until midnight.",
    "Following the steps in the list below takes ten minutes.",
    "See some of you there on Saturday.",
]


@pytest.mark.parametrize("text", INNOCENT)
def test_innocent_sentences_pass(text):
    assert check(text).flags == [], [(f.rule, f.excerpt) for f in check(text).flags]


def test_a_follow_up_is_honest_on_a_later_email_and_made_up_on_the_first():
    body = "Following up on last week's email, here is the second exercise."
    assert rules(body, is_first_email=False) == []
    assert rules(body, is_first_email=True) == ["fake-familiarity"]


def test_recalling_the_conversation_is_honest_when_every_reader_had_one():
    body = "When we talked, you said evenings were the hardest part."
    assert set(rules(body)) == {"fake-familiarity"}
    assert rules(body, after_conversation=True) == []


def test_logistics_are_only_pushy_when_the_meeting_is_assumed():
    logistics = "I'll send the Zoom link on Monday morning."
    assert rules(logistics) == []
    assumed = "I've booked you in for Tuesday at 9am. " + logistics
    assert rules(assumed) == ["assumptive-close", "assumptive-close"]


def test_a_price_set_against_an_anchor_is_flagged_but_a_plain_price_is_not():
    assert rules(CLEAN_BODY + "\nMy coaching is $200 a month.\n", content_type="invitation") == []
    anchored = CLEAN_BODY + "\nIt is usually $400. This week it is $200.\n"
    result = check(anchored, content_type="invitation")
    assert [(f.rule, f.excerpt) for f in result.flags] == [
        ("price-anchoring", "usually $400"),
        ("price-anchoring", "This week it is $200"),
    ]


def test_the_verdict_weighs_what_the_email_gives_and_asks():
    pushy = "Only two places left."
    bare = check(pushy + " Reply to book yours.")
    assert bare.stats["gives"] == [] and "a commitment" in bare.stats["asks"]
    assert bare.verdict == "pitch"
    giving = check(CLEAN_BODY + "\n" + pushy + "\n", content_type="invitation")
    assert "a question" in giving.stats["gives"] and "a tool" in giving.stats["gives"]
    assert giving.verdict == "needs-work"


def test_there_is_no_you_talk_share_without_you_or_i_we():
    stats = check("Rain fell. The garden grew.").stats
    assert (stats["you_words"], stats["i_we_words"], stats["you_ratio"]) == (0, 0, None)


def test_each_flag_names_its_tactic_with_a_title_and_words():
    result = check("I've saved you a seat for Monday. Doors close Friday.", "Re: your plan")
    for flag in result.flags:
        assert flag.rule in TACTICS and RULES[flag.rule].title and flag.why and flag.suggestion


def test_every_shape_names_families_the_english_lexicon_has():
    with pytest.raises(ShapeError, match="unknown family"):
        compile_shape("QUANTITY NOT_A_FAMILY", matcher.DETECTORS.tagger.families())
    assert len(matcher.DETECTORS.shapes) > 50


# Sentences of our own written while probing the detectors (each probe was measured
# before the rules were adjusted for it); kept so no later change loses them.
MORE_TACTIC_SENTENCES = {
    "assumptive-close": [
        "I've saved a spot for you on Thursday at 6.",
        "Your coaching call is booked for Monday at 10am.",
        "I've reserved your seat at the retreat.",
        "I've signed you up for the next cohort.",
        "Just reply yes to confirm your place.",
        "Your first session is set for next Tuesday.",
        "We'll kick off on Monday; I've added you to the group chat.",
        "I've put your name down for the workshop.",
        "I've gone ahead and added you to Thursday's session.",
        "Your welcome pack is on its way and your slot is held.",
        "I've scheduled you for a kickoff call at 9am Monday.",
        "See you at the studio on Saturday; I've saved you a mat.",
        "All that's left is to confirm your start date.",
    ],
    "exclusivity": [
        "This offer is only for my newsletter subscribers.",
        "I'm opening it to a small circle of readers first.",
        "You won't find this on my website.",
        "It's invite-only, and you're on the list.",
        "I handpicked a few people for this.",
        "This is not available to the general public.",
        "Only a select group will hear about this.",
        "I'm keeping this quiet and sharing it with a few of you.",
        "This is reserved for people on my private list.",
        "I'm not announcing this anywhere else.",
        "You're one of a few people I'm telling.",
        "It's an invitation-only circle.",
        "Before I open it to everyone, I wanted you to know.",
    ],
    "fake-familiarity": [
        "Great chatting with you yesterday.",
        "Thanks again for the lovely call last week.",
        "Like we talked about, here's the plan.",
        "You asked me about pricing, so here it is.",
        "Circling back to our conversation from Tuesday.",
        "As promised on our call, here's the link.",
        "It was so good to meet you at the workshop.",
        "Lovely speaking with you on Monday.",
        "You told me you wanted to start before summer.",
        "Remember when we spoke about your pricing?",
        "Thanks for our chat earlier.",
        "Per our conversation, here are the details.",
        "As agreed, I'm sending the proposal.",
    ],
    "false-scarcity": [
        "Only a handful of places remain.",
        "Two seats are still open.",
        "I can take just one more client this spring.",
        "Most of the spots have already gone.",
        "Eight of the twelve places are booked.",
        "There are three openings left in the May group.",
        "I'm limiting it to five people.",
        "Space is very limited.",
        "The last two spots will go quickly.",
        "I have capacity for only two new clients.",
        "I've got room for three more this month.",
        "There's only one slot remaining on Tuesdays.",
        "Half of the places were taken within a day.",
        "I keep the group to six people, and four have signed up.",
        "Just a couple of spots are still available.",
        "We're nearly at capacity.",
    ],
    "false-urgency": [
        "Sign-ups wrap up on Friday evening.",
        "The window to join shuts this Sunday.",
        "You have until midnight Thursday to claim the early rate.",
        "After the 15th the fee goes up to $600.",
        "Registration ends in 48 hours.",
        "I'm closing the waitlist on Monday morning.",
        "Grab your place before the end of the month.",
        "The doors are closing soon.",
        "Enrollment is only open until Friday at noon.",
        "The bonus expires at 5pm tomorrow.",
        "Entries for the spring intake stop on the 1st.",
        "Bookings close this Friday at 5.",
        "Today is the final day to get the founder price.",
        "The early-bird discount runs out at midnight.",
        "You have until the end of the week to reserve.",
        "Prices rise on 1 March.",
        "The cart locks on Sunday night.",
        "Get in before Wednesday if you want the bonus call.",
    ],
    "fear-of-loss": [
        "Every week you wait, the debt grows.",
        "Another year will pass and nothing will change.",
        "By the time you're ready, the opportunity will be gone.",
        "You'll look back and wish you'd started today.",
        "The longer you leave it, the harder it gets.",
        "Don't let this chance slip away.",
        "Each month of inaction costs you money.",
        "You can't get these years back.",
        "Each day you wait is a day your business stands still.",
        "Don't let another season go by.",
        "Waiting could cost you thousands.",
        "You'll kick yourself if you let this go.",
        "Leave it much longer and it gets harder to fix.",
    ],
    "guaranteed-outcome": [
        "You will lose ten pounds in six weeks.",
        "I guarantee you'll double your bookings.",
        "Results are guaranteed or your money back.",
        "Follow my plan and you'll be debt-free by Christmas.",
        "This works for everyone who tries it.",
        "You're going to feel completely different in 30 days.",
        "Every client I've worked with has hit their goal.",
        "I promise you'll see results within a month.",
        "Stick to the plan and you will hit your goal weight.",
        "I guarantee you'll feel calmer within a week.",
        "You will be fluent in six months.",
    ],
    "guilt-shame": [
        "Your kids deserve a calmer parent.",
        "If you really cared about your health, you'd have started already.",
        "Be honest: you've been making excuses for months.",
        "You know you've been putting this off.",
        "Your family is paying the price for your stress.",
        "Isn't it time you stopped letting yourself down?",
        "Staying busy is just a way of hiding from the real work.",
        "Everyone around you can see you're struggling.",
        "You deserve better than another year of excuses.",
        "Your children need you to be present.",
        "Stop telling yourself you'll do it later.",
        "If you were serious, you'd have booked by now.",
    ],
    "hype": [
        "This is the most life-changing course I've ever made.",
        "It's revolutionary.",
        "This approach will transform your whole career.",
        "It's an absolute game changer for busy mums.",
        "The results are mind-blowing.",
        "This is the single best investment you'll ever make.",
        "It's the most transformative programme I've ever built.",
        "This is a true game-changer.",
        "It completely changed my life, and it will change yours.",
    ],
    "price-anchoring": [
        "Normally $1,500, now just $750.",
        "A $2,000 value for only $199.",
        "Was £400, now £250.",
        "The regular price is $900; today it's $600.",
        "Save 40% when you join this week.",
        "It would cost you over $3,000 to hire this separately; it's yours for $299.",
        "Use code SPRING for 25% off.",
        "It's usually $1,200, but this week it's $800.",
        "Worth $2,500 — yours for $997.",
        "Was $300, now $150.",
        "That's a saving of $400.",
    ],
    "social-proof-pressure": [
        "Over 2,000 women have already signed up.",
        "Hundreds of coaches are already using this system.",
        "Your friends are already booking their places.",
        "Join the 500 leaders who've already said yes.",
        "Everyone in your field is doing this now.",
        "Most of your colleagues have already enrolled.",
        "Dozens of parents have joined this month.",
        "Over 900 teachers have already signed up.",
        "Thousands of parents are already using this.",
        "Your colleagues have already booked their seats.",
        "The people who act now are the ones who see results.",
    ],
}


MORE_INNOCENT = [
    "I'm running a free workshop on Tuesday 4 June at 7pm.",
    "Registration for the library talk is through their website.",
    "The course I took last year changed how I plan my week.",
    "Most clients notice a difference after a few weeks.",
    "If you'd like to talk, reply and we'll find a time.",
    "There are three ways to make mornings calmer.",
    "Only you can decide what matters most.",
    "The last few weeks have been busy for all of us.",
    "Save a copy of this list somewhere you'll see it.",
    "Every week, write down one thing that went well.",
    "You will have days when nothing works, and that's normal.",
    "A client told me she finally slept through the night.",
    "My calendar is full until March, so this is just a tip.",
    "The deadline for your tax return is 31 January.",
    "Our group meets every Thursday and anyone can come.",
    "You owe yourself a break, and nobody needs to earn one.",
    "I closed my laptop at 6 every day last week.",
    "Prices in the shops keep going up, so budget with care.",
    "The room has space for twenty people.",
    "It's normal to feel stuck after a big change.",
    "I promise this email is short.",
    "When we started the workshop, everyone was nervous.",
    "Everyone who came last time said it was useful.",
    "This is a private reflection; you don't need to share it.",
    "Your family will notice when you rest, and that's a gift.",
    "Start with just two minutes a day.",
    "If you keep a journal, try writing one line tonight.",
    "The first session of the free course is online.",
    "Your peers are often facing the same questions.",
    "We'll meet at 7pm on Thursday 12 June in the church hall.",
    "There's room for about 30 people, so bring a friend.",
    "A client told me she'd been putting it off for years.",
    "You told yourself you'd rest this weekend; did you?",
    "Let's talk about why the last minute feels so productive.",
    "I guarantee nothing except that the worksheet is short.",
    "Most people need a few weeks to feel a difference.",
    "Your children learn a lot from watching how you handle mistakes.",
    "You don't owe anyone a perfect morning.",
    "Save the date: the free Q&A is on 3 April.",
    "The price of eggs went up again, so here's a cheap recipe.",
    "My favourite tool is a two-column list.",
    "The window for planting bulbs closes in October.",
    "Only you know what enough looks like.",
    "You'll see a difference if you try this for a week.",
    "Many of you have asked about pricing, so here it is: $90 a session.",
    "I'm not running a sale, and I never will.",
    "Other coaches may tell you it's now or never; it isn't.",
    "When you finally sit down to plan, start with one page.",
    "Every year I take August off to rest.",
    "If you keep a list of wins, you'll have evidence on hard days.",
    "Thanks for reading and for all the replies last week.",
    "Our conversation in the group last month was about boundaries.",
    "You're one of over 2,000 readers, and I read every reply.",
    "Hundreds of you replied to last week's question, thank you.",
    "The best time to start was yesterday; the next best is today.",
]


@pytest.mark.parametrize(
    ("tactic", "text"),
    [(tactic, text) for tactic, texts in MORE_TACTIC_SENTENCES.items() for text in texts],
)
def test_each_tactic_is_found_in_more_sentences_of_our_own(tactic, text):
    assert tactic in rules(text, content_type="invitation")


@pytest.mark.parametrize("text", MORE_INNOCENT)
def test_more_innocent_sentences_pass(text):
    assert rules(text) == []


# --- Round 2: broad shapes, counted in an email that sells -----------------------------------

# An invitation whose only offer is a plain price after the value: it sells, with no flag.
SELLS = (
    "Hi {{{{ first_name }}}},\n\nHere's a thought for your week: notice one thing that went "
    "well each evening and write it down.\n\n{text}\n\nThe coaching programme costs $400 for six "
    "sessions."
)


def test_the_selling_frame_alone_has_no_flag():
    assert rules(SELLS.format(text="Thanks for reading."), content_type="invitation") == []


BROAD_SENTENCES = {
    "false-scarcity": [
        "Seven of the nine chairs at the table are taken.",
        "After this round the studio is fully booked until summer.",
        "I keep the circle small, eleven people at most, and four have signed.",
    ],
    "false-urgency": [
        "The founding rate lapses when the clock strikes twelve on Sunday.",
        "I'll keep your seat for you until Wednesday.",
    ],
    "fake-familiarity": [
        "Thanks again for your message about the knee injury.",
        "I've been thinking about you since the weekend.",
        "It was great to hear about your new job.",
    ],
    "assumptive-close": [
        "I've pencilled Monday at 4pm in for your first fitting.",
        "Your intake form is already filled in.",
    ],
    "exclusivity": [
        "I'm quietly offering this to a handful of former clients.",
        "This won't be announced on social media.",
    ],
    "guilt-shame": [
        "Your family has been carrying the cost of your overwork for years.",
        "Don't be the person who lets another season drift.",
    ],
    "fear-of-loss": [
        "The longer it sits, the further behind you fall, and that's hard to undo.",
        "You don't want to be left behind when the team is picked.",
    ],
    "social-proof-pressure": [
        "Several of your old teammates have already signed up.",
        "Dozens of parents from your school are already in.",
    ],
    "guaranteed-outcome": [
        "Lose the first five kilos or get a full refund.",
        "Members reclaim at least six hours a week.",
    ],
    "hype": [
        "It's an extraordinary, once-seen-never-forgotten approach.",
        "Last spring one client booked $12,000 from a single talk.",
    ],
    "price-anchoring": [
        "Most people make that back within a month.",
    ],
}


@pytest.mark.parametrize(
    ("tactic", "text"),
    [(tactic, text) for tactic, texts in BROAD_SENTENCES.items() for text in texts],
)
def test_broad_shapes_find_each_tactic_in_an_email_that_sells(tactic, text):
    assert tactic in rules(SELLS.format(text=text), content_type="invitation")


BROAD_ORDINARY_WORDS = [
    "Seven of the nine chairs at the table are taken.",
    "The longer it sits, the further behind you fall, and that's hard to undo.",
    "Several of your old teammates have already signed up.",
    "It's an extraordinary approach.",
]


@pytest.mark.parametrize("text", BROAD_ORDINARY_WORDS)
def test_broad_shapes_stay_quiet_in_an_email_that_sells_nothing(text):
    assert rules(f"Hi,\n\nA thought for your week.\n\n{text}\n\nTake care.") == []


SELLING_BUT_INNOCENT = [
    "Take a few minutes tonight to write down three wins.",
    "Many of you told me the morning walk helped.",
    "If you said yes to everything last week, try saying no once.",
    "Wishing you a calm weekend.",
    "Hoping this finds you rested.",
    "Nothing here is guaranteed, and that's fine.",
    "Should you run a discount? It depends on what you want it to do.",
    "The library opens at nine on Saturday.",
    # an honest invitation's facts
    "The workshop runs on Saturday 14 March from 10am to 1pm.",
    "There are 20 places, and the library keeps a waiting list if it fills.",
    "You'll leave with a one-page plan.",
    "If the date doesn't suit, I'll run it again in spring.",
    "Bring a notebook; I'll send the address the day before.",
    "There's no deadline: reply whenever suits you.",
    "I keep my groups small so everyone gets time to talk.",
    "Last year twelve people came and most of them stayed for the full day.",
    "You can book a place on the website or just reply to this email.",
    "Three of my clients asked me to run this again, so here it is.",
]


@pytest.mark.parametrize("text", SELLING_BUT_INNOCENT)
def test_broad_shapes_leave_innocent_sentences_alone_even_in_an_email_that_sells(text):
    assert rules(SELLS.format(text=text), content_type="invitation") == []


def test_three_tactics_make_an_email_that_sells_even_without_an_offer():
    text = (
        "Several of your old teammates have already signed up. The longer it sits, the further "
        "behind you fall. I've pencilled Monday at 4pm in for you."
    )
    assert len(set(rules(text)) & set(TACTICS)) >= 3


def test_a_family_may_not_be_named_like_a_punctuation_tag():
    lexicon = dataclasses.replace(LEXICON, families={**LEXICON.families, "STOP": ("=stop",)})
    with pytest.raises(ValueError, match="reserved"):
        Detectors(lexicon)


@pytest.mark.parametrize(
    "text",
    [
        "My neighbour's gym sends emails that scream last chance every week.",
        "I used to think I had to act now or lose my chance; I don't believe that any more.",
        "My friend swore the course would change her life. It didn't, and that's fine.",
    ],
)
def test_an_advert_or_a_belief_told_at_a_distance_is_not_a_claim(text):
    assert rules(text) == []


# A fifth probe, written after fresh_dev_c's tuning and measured before tuning to it: 33 of
# 45 caught, then 44 (the one left, a follow-up on a later email, is honest there).
PROBE_5 = [
    ("false-scarcity", "Only a couple of seats remain for the April circle."),
    ("false-scarcity", "I cap each intake at six, and five are spoken for."),
    ("false-scarcity", "Spaces on the retreat are going quicker than I expected."),
    ("false-scarcity", "There's one slot left on my Thursday calendar."),
    ("false-scarcity", "When these places go, they're gone until next year."),
    ("false-urgency", "The early rate disappears at midnight Sunday."),
    ("false-urgency", "You've got until Thursday to lock in this price."),
    ("false-urgency", "Applications shut in three days."),
    ("false-urgency", "This offer won't be here after the weekend."),
    ("false-urgency", "I need your answer by Friday noon."),
    ("fake-familiarity", "Picking up from our call last week, here's the plan we sketched."),
    (
        "fake-familiarity",
        "You mentioned you were struggling with the evenings, so I made this for you.",
    ),
    ("fake-familiarity", "Great catching up the other day!"),
    ("assumptive-close", "I've gone ahead and reserved Tuesday at 6 for your first session."),
    ("assumptive-close", "Your welcome pack is on its way."),
    ("assumptive-close", "Just reply YES and I'll send the contract."),
    ("assumptive-close", "I've set up your client portal; your login is below."),
    ("assumptive-close", "Your spot on the roster is confirmed."),
    ("exclusivity", "I'm extending this only to people on my private list."),
    ("exclusivity", "This isn't something I share publicly."),
    ("exclusivity", "You're one of a select group I've chosen to invite."),
    ("exclusivity", "Consider this your backstage pass."),
    ("guilt-shame", "How much longer will you let your kids see you exhausted?"),
    ("guilt-shame", "You keep saying next month, and next month never comes."),
    ("guilt-shame", "If you were really committed, you'd already be in."),
    ("guilt-shame", "Your partner deserves the version of you that isn't burned out."),
    ("fear-of-loss", "Every month you wait, the gap between you and your goal widens."),
    ("fear-of-loss", "Six months from now you'll be in exactly the same place."),
    ("fear-of-loss", "Don't let this be the year you look back on with regret."),
    ("fear-of-loss", "Miss this and you'll be waiting another twelve months."),
    ("social-proof-pressure", "Over 500 coaches have already made the switch."),
    ("social-proof-pressure", "Half of your industry is already using this."),
    ("social-proof-pressure", "Everyone in last year's group renewed."),
    ("social-proof-pressure", "Your colleagues are already ahead of you on this."),
    ("guaranteed-outcome", "You will sleep through the night within two weeks."),
    ("guaranteed-outcome", "This works for every single client, no exceptions."),
    ("guaranteed-outcome", "I guarantee you'll double your bookings."),
    ("guaranteed-outcome", "Results in 30 days or you don't pay."),
    ("hype", "It's the most powerful reset you'll ever experience."),
    ("hype", "This is nothing short of revolutionary."),
    ("hype", "My clients call it pure magic."),
    ("price-anchoring", "It's valued at $3,000 but you'll pay just $495."),
    ("price-anchoring", "That's less than a coffee a day."),
    ("price-anchoring", "Normally £900, it's £450 this week only."),
]


@pytest.mark.parametrize(("tactic", "text"), PROBE_5)
def test_probe_5_sentences_are_flagged_in_an_email_that_sells(tactic, text):
    body = SELLS.format(text=text)
    start = body.index(text)
    flags = check(body, content_type="invitation").flags
    assert any(f.start < start + len(text) and start < f.end for f in flags), flags


def test_a_shape_knows_the_families_every_match_needs():
    known = {"ME", "YOU", "HOLD_V", "DATE", "TIME"}
    _, firsts, must = compile_shape("ME _{0,3} HOLD_V (DATE | TIME)? YOU", known)
    assert firsts == {"ME"} and must == {"ME", "HOLD_V", "YOU"}
    _, firsts, must = compile_shape("(ME HOLD_V | HOLD_V YOU) DATE", known)
    assert firsts == {"ME", "HOLD_V"} and must == {"HOLD_V", "DATE"}


def test_a_shape_whose_families_are_absent_is_not_tried_and_finds_the_same():
    body = SELLS.format(text="I've pencilled Monday at 4pm in for your first fitting.")
    field = matcher._prepare("body", body)
    kwargs = {
        "is_first_email": False,
        "after_conversation": False,
        "is_quoted": field.in_quotes,
        "is_mention": field.is_mention,
        "is_question": field.is_question,
    }
    found = matcher.DETECTORS.find("body", field.tokens, **kwargs)
    everything = dataclasses.replace(
        field.tokens, tags=[*field.tokens.tags, frozenset(matcher.DETECTORS.tagger.families())]
    )
    assert found == matcher.DETECTORS.find("body", everything, **kwargs)
    assert any(h.tactic == "assumptive-close" for h in found)


# A sixth probe in other voices, measured before tuning to it: 27 of 42 pressure sentences
# caught and 4 of 30 innocent ones flagged; then 41 of 42 and 2 of 30 (the price change,
# "the last few places I lived" and "the clock is ticking on the kettle" are left: honest
# notice and idiom look the same to word classes).
PROBE_6 = [
    ("false-scarcity", "Heads up: the Tuesday group is nearly at capacity."),
    ("false-scarcity", "I've got room for maybe two more families this term."),
    ("false-scarcity", "Once the last mat is taken, that's it for this block."),
    ("false-scarcity", "Demand has been huge and the diary's almost full."),
    ("false-urgency", "The founder discount is only good through Sunday night."),
    ("false-urgency", "I'm finalising numbers tomorrow, so let me know today."),
    ("false-urgency", "After Friday I won't be taking any more bookings for spring."),
    ("fake-familiarity", "Loved our chat at the school gate on Monday."),
    ("fake-familiarity", "Like we said on the phone, this is the next step."),
    ("fake-familiarity", "Following on from what you told me about your back."),
    ("fake-familiarity", "So good to finally meet you at the expo!"),
    ("assumptive-close", "I've popped you into the Wednesday 7pm class."),
    ("assumptive-close", "Your first week's meal plan is ready and waiting in your inbox."),
    ("assumptive-close", "All that's left is to pick your start date."),
    ("assumptive-close", "I've drafted your agreement; just sign and return."),
    ("exclusivity", "I'm only mentioning this to a handful of past clients."),
    ("exclusivity", "This is strictly off the books."),
    ("exclusivity", "You won't find this offer anywhere on my site."),
    ("exclusivity", "Because you've been with me from the start, you get first refusal."),
    ("guilt-shame", "Your body has been asking for help for years and you keep ignoring it."),
    ("guilt-shame", "What would your younger self say if she saw you settling like this?"),
    ("guilt-shame", "Be honest: is this really the life you want your kids to copy?"),
    ("guilt-shame", "You've had every excuse in the book, and they haven't got you anywhere."),
    ("fear-of-loss", "Every season you skip, your competitors pull further ahead."),
    ("fear-of-loss", "By the time you feel ready, the chance will be gone."),
    ("fear-of-loss", "Inflation is quietly eating your savings while you wait."),
    ("fear-of-loss", "Left unchecked, this turns into a chronic problem."),
    ("social-proof-pressure", "Nearly every parent in your year group has signed their child up."),
    ("social-proof-pressure", "Thousands of readers have already grabbed their copy."),
    ("social-proof-pressure", "The waitlist is full of people just like you."),
    ("social-proof-pressure", "All the top performers in your firm already do this."),
    ("guaranteed-outcome", "Follow the plan and you will lose the weight, full stop."),
    ("guaranteed-outcome", "I promise this will fix your sleep."),
    ("guaranteed-outcome", "No one who completes the course fails the exam."),
    ("guaranteed-outcome", "You'll be speaking confidently in meetings by the end of the month."),
    ("hype", "This method is an absolute game changer."),
    ("hype", "It's the single biggest breakthrough of my career."),
    ("hype", "Prepare to have your mind blown."),
    ("price-anchoring", "Worth over $5,000, yours today for $799."),
    ("price-anchoring", "You'd pay three times this for private coaching."),
    ("price-anchoring", "It's 40% off until the end of the week."),
]


@pytest.mark.parametrize(("tactic", "text"), PROBE_6)
def test_probe_6_sentences_are_flagged_in_an_email_that_sells(tactic, text):
    body = SELLS.format(text=text)
    start = body.index(text)
    flags = check(body, content_type="invitation").flags
    assert any(f.start < start + len(text) and start < f.end for f in flags), flags


PROBE_6_INNOCENT = [
    "Our school's fundraising deadline is Friday 12th, so I'll be baking all week.",
    "A client once told me her life changed when she started saying no. Small steps count.",
    "There's no guarantee this will work for you, but it's worth a try.",
    "If someone promises you'll lose ten pounds in a week, walk away.",
    "I keep a waiting list for my garden allotment, which is a strange kind of patience.",
    "My daughter's swimming club only takes twelve kids per lane.",
    "You might feel you've missed the boat on fitness. You haven't.",
    "It's never too late to learn to swim.",
    "The most important thing is to start where you are.",
    "I'm not offering anything today, just a question.",
    "Several of you have already written back about last week's exercise, thank you.",
    "Everyone in my house is sick this week, so this email is short.",
    "Black Friday ads will flood your inbox; you don't need any of it.",
    "You deserve rest that isn't earned.",
    "Stop apologising for taking up space.",
    "Your children will remember how you made them feel, not the dinners.",
    "My coach once said the secret is consistency, and I think she was right.",
    "I finally booked the dentist I'd been putting off for a year.",
    "Time flies when the kids are small, so take the photo.",
    "Spring goes fast in the garden; sow the beans this week.",
    "You don't need to act now; this will keep.",
    "The early bird gets the worm, they say, but night owls do fine too.",
    "Hurry sickness is real, and it's worth noticing.",
    "I've reserved an hour on Sunday for myself and nobody else.",
    "Most people I coach say the first week feels odd.",
    "We talked about boundaries in my book club last night.",
    "You told yourself you'd rest this weekend. Did you?",
    "Limited sleep makes everything harder, so protect it.",
]


@pytest.mark.parametrize("text", PROBE_6_INNOCENT)
def test_probe_6_innocent_sentences_pass_in_a_value_email(text):
    assert rules(f"Hi,\n\nA thought for your week.\n\n{text}\n\nTake care.") == []


# A seventh probe in corporate, health and money voices, measured before tuning to it: 20
# of 32 caught and 3 of 20 innocent flagged; then 31 of 32 (a resent email is honest on a
# later step) and 3 of 20 (a real race's closing date, ads discussed as a kind, and "this
# changed everything for me" about a walk are still flagged).
PROBE_7 = [
    ("false-scarcity", "We can accommodate just four more organisations this quarter."),
    ("false-scarcity", "The cohort caps at ten and we're at eight."),
    ("false-scarcity", "Remaining availability: two slots in March."),
    ("false-urgency", "Board approval needs to happen before the 15th to secure the rate."),
    ("false-urgency", "This pricing is locked only for invoices raised this month."),
    ("false-urgency", "The intake window is closing fast."),
    ("fake-familiarity", "As per our discussion on Tuesday, I've attached the proposal."),
    ("fake-familiarity", "You asked me last week how to get started, so here it is."),
    ("assumptive-close", "I've scheduled your onboarding call for 9am Monday."),
    ("assumptive-close", "Your team's seats have been provisionally held."),
    ("assumptive-close", "We'll start you on the Foundations track next week."),
    ("exclusivity", "This is a private offer for leaders in our alumni network."),
    ("exclusivity", "We're opening the programme to a limited number of referred firms."),
    ("exclusivity", "Not everyone gets this invitation."),
    ("guilt-shame", "Your team is carrying the weight of decisions you haven't made."),
    ("guilt-shame", "Frankly, another quarter of excuses would be hard to justify to your board."),
    ("guilt-shame", "Your kids notice when you're not really there."),
    ("fear-of-loss", "Competitors who invested last year are already pulling away."),
    ("fear-of-loss", "Every week without a plan is revenue left on the table."),
    ("fear-of-loss", "Delay now and you'll be scrambling in Q4."),
    ("social-proof-pressure", "Seven of the FTSE 100 have already rolled this out."),
    ("social-proof-pressure", "Most of your peer group signed up in the first round."),
    ("social-proof-pressure", "Join the 2,000 founders who already use it."),
    ("guaranteed-outcome", "You will see a measurable return within 90 days."),
    ("guaranteed-outcome", "Our clients always hit their targets."),
    ("guaranteed-outcome", "Your pain will be gone after three sessions."),
    ("hype", "An unprecedented approach to leadership development."),
    ("hype", "This will completely transform how your team works."),
    ("price-anchoring", "Valued at over £12,000, the programme is available at £4,500."),
    ("price-anchoring", "That's a fraction of the cost of one bad hire."),
    ("price-anchoring", "Save £1,000 when you book both modules."),
]


@pytest.mark.parametrize(("tactic", "text"), PROBE_7)
def test_probe_7_sentences_are_flagged_in_an_email_that_sells(tactic, text):
    body = SELLS.format(text=text)
    start = body.index(text)
    flags = check(body, content_type="invitation").flags
    assert any(f.start < start + len(text) and start < f.end for f in flags), flags


PROBE_7_INNOCENT = [
    "The tax return deadline is 31 January, so this week is a good time to gather receipts.",
    "One ad I saw promised 'guaranteed results in 7 days' and I laughed.",
    "Nobody can promise you a pain-free recovery, and I won't either.",
    "I'm fully booked this month, so there's nothing to buy here; just a tip.",
    "My best client tip this week is free: write the worry down.",
    "Your colleagues probably feel the same; you're not alone.",
    "Most teams I work with find Mondays hardest.",
    "The price of doing nothing is often just a slower week, and that's fine.",
    "Last year I missed a deadline and the world didn't end.",
    "You can't rush grief.",
    "Exclusive clubs have never been my thing.",
    "The conference sold out last year, so book early if you want to go.",
    "I'm holding space for anyone who needs a quiet week.",
    "If your gym's January deal says 'only 5 spots left', take a breath before signing.",
    "Join me in trying one small change this week.",
    "Your team will remember how you handled the hard weeks.",
    "Every week I send one idea, and that's it.",
]


@pytest.mark.parametrize("text", PROBE_7_INNOCENT)
def test_probe_7_innocent_sentences_pass_in_a_value_email(text):
    assert rules(f"Hi,\n\nA thought for your week.\n\n{text}\n\nTake care.") == []


# An eighth probe in warm, calm voices, measured before tuning to it: 21 of 31 caught and 2
# of 15 innocent flagged; then 31 of 31 and 2 of 15 ("I'd hate for you to feel you have to
# reply" and "save a spot in your calendar" are still flagged by round 1's idioms).
PROBE_8 = [
    ("false-scarcity", "I'd love to keep one of the remaining two places for you."),
    ("false-scarcity", "There's just the one spot left in the autumn group, and I thought of you."),
    (
        "false-scarcity",
        "I can only hold space for a few people at a time, and it's filling gently.",
    ),
    ("false-urgency", "No pressure at all, though the gentler rate does end on Sunday."),
    ("false-urgency", "If it feels right, let me know before the weekend so I can plan."),
    ("false-urgency", "I'm closing the circle to new members after this month."),
    ("fake-familiarity", "I've been meaning to send this since our lovely conversation."),
    ("fake-familiarity", "You came to mind straight away when I wrote this."),
    ("fake-familiarity", "It was such a joy hearing your story."),
    ("assumptive-close", "I've saved you a cosy spot by the window."),
    ("assumptive-close", "When we start next Tuesday, bring a notebook."),
    ("assumptive-close", "I'll look out for your reply so we can get you settled in."),
    ("exclusivity", "I'm only sharing this with a few kindred spirits."),
    ("exclusivity", "It's a quiet little invitation, not something I'll post anywhere."),
    ("exclusivity", "You're someone I'd handpick for this group."),
    (
        "guilt-shame",
        "You give so much to everyone else; isn't it time you stopped neglecting yourself?",
    ),
    ("guilt-shame", "Your little ones deserve a mum who isn't running on empty."),
    ("guilt-shame", "I'd hate to see you keep putting yourself last."),
    ("fear-of-loss", "These years with your children won't come again."),
    ("fear-of-loss", "Burnout has a way of creeping up until it's too late to turn back."),
    ("fear-of-loss", "I'd hate for you to look back and wish you'd said yes."),
    ("social-proof-pressure", "So many of the mums in our village have already joined us."),
    ("social-proof-pressure", "Most of last season's group have rebooked, which says a lot."),
    ("social-proof-pressure", "Everyone who's tried it tells me they wish they'd come sooner."),
    ("guaranteed-outcome", "You will feel lighter by the end of the first weekend, I promise."),
    ("guaranteed-outcome", "I know this will bring you back to yourself."),
    ("guaranteed-outcome", "Every woman who has come has left feeling renewed."),
    ("hype", "It's honestly the most magical weekend of the year."),
    ("hype", "Truly life-giving work."),
    ("price-anchoring", "It's usually £650, but for returning friends it's £450."),
    ("price-anchoring", "That works out at less than £10 a day."),
]


@pytest.mark.parametrize(("tactic", "text"), PROBE_8)
def test_probe_8_sentences_are_flagged_in_an_email_that_sells(tactic, text):
    body = SELLS.format(text=text)
    start = body.index(text)
    flags = check(body, content_type="invitation").flags
    assert any(f.start < start + len(text) and start < f.end for f in flags), flags


PROBE_8_INNOCENT = [
    "I'd love to hear what's been on your mind this week.",
    "No pressure at all, this is just something that helped me.",
    "I've been meaning to write about rest for ages, so here it is.",
    "You came to mind when I read this poem, along with everyone else on this list.",
    "Your little ones will be fine with a simpler dinner tonight.",
    "These years go quickly, so take the photo and skip the tidy house.",
    "I'm closing my laptop at five on Fridays now, and it's been lovely.",
    "Most of the women I work with say rest feels harder than work.",
    "Every woman I know is tired in November.",
    "The gentle rate of change is the point: small things, often.",
    "It's honestly the nicest walk near me, and it's free.",
    "I promise this email is short.",
    "Burnout rarely arrives all at once, so notice the small signs.",
]


@pytest.mark.parametrize("text", PROBE_8_INNOCENT)
def test_probe_8_innocent_sentences_pass_in_a_value_email(text):
    assert rules(f"Hi,\n\nA thought for your week.\n\n{text}\n\nTake care.") == []


HONEST_INVITATIONS = [
    (
        "A Saturday workshop on sleep",
        "Hi {{ first_name }},\n\nOver the last few weeks many of you have written about lying "
        "awake at 3am. I want to help in a more hands-on way.\n\nOn Saturday 8 March I'm "
        "running a three-hour workshop on sleep at the community hall, 10am to 1pm. We'll "
        "build a simple wind-down routine together, and you'll leave with a one-page plan you "
        "can start that night.\n\nIt costs £35, and there are 16 places because that's what "
        "the hall holds. If money is tight, reply and we'll sort something out.\n\nIf the date "
        "doesn't suit, I'll run it again in the summer. There's no rush to decide.\n\nSam",
    ),
    (
        "My 1:1 coaching is open for spring",
        "Hi {{ first_name }},\n\nA few people have asked whether I'm taking new one-to-one "
        "clients this spring. I am, and here's how it works.\n\nWe meet every two weeks for "
        "twelve weeks. The fee is $1,200 for the twelve weeks, or three payments of $400.\n\n"
        "It suits people who want help making one specific change. If you'd like to talk "
        "about whether it's right for you, just reply and we'll find a time. If not, you'll "
        "keep getting these emails as usual.\n\nPriya",
    ),
]


@pytest.mark.parametrize(("subject", "body"), HONEST_INVITATIONS)
def test_an_honest_invitation_with_a_price_has_no_flag(subject, body):
    assert check(body, subject, content_type="invitation").flags == []


def test_what_a_group_costs_for_some_weeks_is_not_what_waiting_costs():
    text = "The group costs £40 for the eight weeks, which covers the coach and the permit."
    assert "fear-of-loss" not in rules(SELLS.format(text=text), content_type="invitation")


# A tenth probe on the two weakest tactics (fear of loss, guilt and shame), measured before
# tuning to it: 5 of 20 caught; then 20 of 20 (time passing with things getting worse, the
# reader judged for how they treat themselves).
PROBE_10 = [
    ("fear-of-loss", "The window for fixing this is narrowing every month."),
    ("fear-of-loss", "Miss this round and the next chance isn't until 2027."),
    ("fear-of-loss", "Untreated, these habits tend to get more stubborn with age."),
    ("fear-of-loss", "Your savings lose value every day they sit in a current account."),
    ("fear-of-loss", "The people who wait usually end up paying more later."),
    ("fear-of-loss", "If nothing changes, next year looks exactly like this one."),
    ("fear-of-loss", "It's easy to blink and find another decade has gone."),
    ("fear-of-loss", "Opportunities like this don't come around often."),
    ("fear-of-loss", "The cost of staying put is higher than it looks."),
    ("fear-of-loss", "Soon the decision will be made for you."),
    ("guilt-shame", "You wouldn't let a friend treat themselves like this."),
    ("guilt-shame", "Somewhere along the way you stopped prioritising yourself, and it shows."),
    ("guilt-shame", "How many more mornings will you spend hating the mirror?"),
    ("guilt-shame", "Your future self is counting on the choice you make today."),
    ("guilt-shame", "You've known for a long time that something has to give."),
    ("guilt-shame", "It's not fair on your family to keep going like this."),
    ("guilt-shame", "Ask yourself honestly why you're still hesitating."),
    ("guilt-shame", "The only thing standing in your way is you."),
    ("guilt-shame", "Deep down you know you're capable of more than this."),
    ("guilt-shame", "Stop selling yourself short."),
]


@pytest.mark.parametrize(("tactic", "text"), PROBE_10)
def test_probe_10_sentences_are_flagged_in_an_email_that_sells(tactic, text):
    body = SELLS.format(text=text)
    start = body.index(text)
    flags = check(body, content_type="invitation").flags
    assert any(f.start < start + len(text) and start < f.end for f in flags), flags


# An eleventh probe across other niches, measured before tuning to it: 15 of 22 caught;
# then 22 of 22.
PROBE_11 = [
    ("false-scarcity", "I've only got capacity for a handful of new writers before summer."),
    ("false-scarcity", "Two of the three retreat cabins have gone."),
    ("false-urgency", "The bundle price holds until Sunday's newsletter goes out."),
    ("false-urgency", "Let me know by tomorrow night if you want in."),
    ("fake-familiarity", "Hope the move went smoothly, as you were worried it might not."),
    ("fake-familiarity", "Quick follow-up to our DMs."),
    ("assumptive-close", "Your practice schedule is attached, starting Monday."),
    ("assumptive-close", "I've put your name on the list for Thursday's session."),
    ("exclusivity", "This is for my inner circle only."),
    ("exclusivity", "I haven't told the wider list about this yet."),
    ("guilt-shame", "Are you going to let fear make this decision for you again?"),
    ("guilt-shame", "Your clients deserve a coach who invests in herself."),
    ("fear-of-loss", "Markets won't wait for you to feel ready."),
    ("fear-of-loss", "By next spring, the people who started now will be miles ahead."),
    ("social-proof-pressure", "Dozens of your fellow founders are already inside."),
    ("social-proof-pressure", "The last round sold out in two days."),
    ("guaranteed-outcome", "You'll finish the draft in 12 weeks or your next round is on me."),
    ("guaranteed-outcome", "This method has never failed a single student."),
    ("hype", "The breakthrough framework everyone is talking about."),
    ("hype", "It's a total reinvention of how you train."),
    ("price-anchoring", "It's a $2,000 programme for the price of one session."),
    ("price-anchoring", "Was $300, now $149."),
]


@pytest.mark.parametrize(("tactic", "text"), PROBE_11)
def test_probe_11_sentences_are_flagged_in_an_email_that_sells(tactic, text):
    body = SELLS.format(text=text)
    start = body.index(text)
    flags = check(body, content_type="invitation").flags
    assert any(f.start < start + len(text) and start < f.end for f in flags), flags


DISCUSSING_PRESSURE = [
    (
        "How to spot a pushy launch",
        "Hi {{ first_name }},\n\nThis week three course launches landed in my inbox, all with "
        "the same playbook. Once you see it you can't unsee it.\n\nFirst, the fake countdown: "
        "a timer that resets every time you open the page. Second, scarcity that isn't "
        'real — "only 4 spots left" on a digital course with no limit. Third, the price '
        'anchor: a "$2,000 value" crossed out, then "yours for $297".\n\nThey work by rushing '
        "you. If an offer is "
        "still good tomorrow, it was never urgent today. Sleep on it.\n\nSam",
    ),
    (
        "What a guarantee really means",
        "Hi {{ first_name }},\n\nYou've probably seen coaches promise \"guaranteed results or "
        'your money back." But no coach can guarantee what happens in your life between '
        "sessions.\n\nWhat I can promise is smaller: I'll show up prepared, I'll tell you the "
        "truth, and I'll stop if it isn't helping.\n\nTom",
    ),
]


@pytest.mark.parametrize(("subject", "body"), DISCUSSING_PRESSURE)
def test_a_value_email_that_takes_pressure_apart_has_no_flag(subject, body):
    assert check(body, subject).flags == []


# A twelfth probe: an honest invitation's sentences, in an email that sells (so the broad
# shapes are on). Measured before tuning to it: 3 of 12 flagged (a course that "ends", "last
# time the group", a refund policy); then none.
PROBE_12_HONEST_INVITATION = [
    "The course runs for six weeks and ends with a celebration lunch.",
    "Most people who take it say the second week is the hardest.",
    "You'll get a workbook in the post before we start.",
    "Several past clients have asked me to run an advanced version, so I might next year.",
    "If you can't make the dates, every session is recorded.",
    "I only run it twice a year because I teach at the university the rest of the time.",
    "It won't fix everything, and I won't pretend it will.",
    "There's a payment plan if that helps, and no interest.",
    "Last time the group was eight people, which felt just right.",
    "You can cancel any time before the first session for a full refund.",
    "The early sessions are about noticing; the later ones are about changing.",
    "I'll send the Zoom link the day before each session.",
]


@pytest.mark.parametrize("text", PROBE_12_HONEST_INVITATION)
def test_probe_12_an_honest_invitation_s_sentences_pass(text):
    assert rules(SELLS.format(text=text), content_type="invitation") == []


# A thirteenth probe, mixed, written at the freeze and measured before tuning to it: 17 of
# 31 caught and 1 of 15 innocent flagged; then 30 of 31 and 0 of 15.
PROBE_13 = [
    ("false-scarcity", "I can squeeze in maybe three more people before the studio's full."),
    ("false-scarcity", "Numbers are strictly limited by the size of the boat."),
    ("false-scarcity", "We're down to the final handful of tickets."),
    ("false-urgency", "The sign-up form comes down at 8pm tomorrow."),
    ("false-urgency", "This is the last week to get in at the current price."),
    ("false-urgency", "Decide by the end of the day and I'll include the bonus session."),
    ("fake-familiarity", "Great to bump into you at the farmers' market on Saturday!"),
    ("fake-familiarity", "Thanks for opening up about your divorce when we spoke."),
    ("fake-familiarity", "Following our coffee, here are the details you asked for."),
    ("assumptive-close", "Your kit will be waiting at reception on Monday."),
    ("assumptive-close", "I've added you to the team chat so you can say hello."),
    ("assumptive-close", "See you on the mat at six."),
    ("exclusivity", "It's a closed-door session for a chosen few."),
    ("exclusivity", "I'd rather keep this between the two of us for now."),
    ("guilt-shame", "You've been letting your health slide for far too long."),
    ("guilt-shame", "Honestly, what's your excuse this time?"),
    ("guilt-shame", "Your family has waited long enough for the calmer version of you."),
    ("fear-of-loss", "Wait another year and that niggle becomes an injury."),
    ("fear-of-loss", "You'll regret not acting when you had the chance."),
    ("fear-of-loss", "The market is moving and you're standing still."),
    ("social-proof-pressure", "Everyone on your street seems to have signed up already."),
    ("social-proof-pressure", "This is how the top 1% of coaches run their week."),
    ("social-proof-pressure", "Over two thirds of last year's group came back for more."),
    ("guaranteed-outcome", "You'll walk away debt-free, I can guarantee it."),
    ("guaranteed-outcome", "This plan cannot fail if you follow it."),
    ("guaranteed-outcome", "By the end you will be fluent, simple as that."),
    ("hype", "A world-first approach to sleep."),
    ("hype", "Easily the most exciting thing I've ever launched."),
    ("price-anchoring", "You'd normally pay £200 an hour for this level of support."),
    ("price-anchoring", "It's basically free when you think about what you'll save."),
]


@pytest.mark.parametrize(("tactic", "text"), PROBE_13)
def test_probe_13_sentences_are_flagged_in_an_email_that_sells(tactic, text):
    body = SELLS.format(text=text)
    start = body.index(text)
    flags = check(body, content_type="invitation").flags
    assert any(f.start < start + len(text) and start < f.end for f in flags), flags


PROBE_13_INNOCENT = [
    "The garden centre's bulb sale ends this weekend, which reminded me to plant mine.",
    "Only three things matter in a good night's sleep: dark, cool and quiet.",
    "There are a few places I go when I need to think.",
    "I'm not running anything this month, so enjoy the quiet.",
    "Several of you asked what book I mentioned; it's in the link below.",
    "Most runners I know get a niggle in spring; it passes.",
    "Our team of two has been at capacity since June, which is why replies are slow.",
    "A client told me last week she finally booked the holiday.",
    'You\'ve probably heard the phrase "act now or lose out". Ignore it.',
    "I promised myself I'd walk every day this month, and I missed four.",
    "My sister swore the new planner would change her life. It didn't.",
    "Everyone in my house is obsessed with this soup.",
    "It's the best advice I ever got: go to bed.",
    "Registration for my free webinar is open until it starts; no rush.",
    "You won't find a quicker way to calm down than a slow breath out.",
]


@pytest.mark.parametrize("text", PROBE_13_INNOCENT)
def test_probe_13_innocent_sentences_pass_in_a_value_email(text):
    assert rules(f"Hi,\n\nA thought for your week.\n\n{text}\n\nTake care.") == []


# A fourteenth probe, the last before the freeze, measured before tuning to it: 11 of 22
# caught; then 22 of 22.
PROBE_14 = [
    ("false-scarcity", "Spots are being claimed as we speak."),
    ("false-scarcity", "This is a one-off run of twenty kits, and half are spoken for."),
    ("false-urgency", "Enrolment quietly closes once I hit my number."),
    ("false-urgency", "I'm only keeping this open until Wednesday lunchtime."),
    ("fake-familiarity", "Just picking up the thread from your last message."),
    ("fake-familiarity", "I remember you saying mornings were the worst for you."),
    ("assumptive-close", "I'll pencil you in for the 9am slot unless I hear otherwise."),
    ("assumptive-close", "Pop your card details in and you're all set for Monday."),
    ("exclusivity", "I'm giving my newsletter readers a head start before it opens to everyone."),
    ("exclusivity", "Strictly for existing clients."),
    ("guilt-shame", "You said this year would be different."),
    ("guilt-shame", "Part of you already knows you're playing it too safe."),
    ("fear-of-loss", "The gap only widens from here."),
    ("fear-of-loss", "Every day you don't decide is a decision."),
    ("social-proof-pressure", "The smartest people I know have already booked."),
    ("social-proof-pressure", "You'd be joining 87 others who've already said yes."),
    ("guaranteed-outcome", "Do the six sessions and your back pain will be history."),
    ("guaranteed-outcome", "Results are inevitable if you show up."),
    ("hype", "It's the missing link nobody talks about."),
    ("hype", "Honestly the best thing I've ever created."),
    ("price-anchoring", "Less than the cost of a weekly takeaway."),
    ("price-anchoring", "Compared with a therapist at £90 a session, this is a steal."),
]


@pytest.mark.parametrize(("tactic", "text"), PROBE_14)
def test_probe_14_sentences_are_flagged_in_an_email_that_sells(tactic, text):
    body = SELLS.format(text=text)
    start = body.index(text)
    flags = check(body, content_type="invitation").flags
    assert any(f.start < start + len(text) and start < f.end for f in flags), flags


def test_a_last_chance_is_urgency_only_when_it_is_a_chance_to_buy():
    assert rules("Last chance to enjoy the light evenings before the clocks go back.") == []
    assert "false-urgency" in rules("Last chance to join the spring group.")
    assert "false-urgency" in rules("Last chance!")


def test_a_subject_that_asks_about_urgency_names_the_topic():
    assert check("Some decisions reward speed; most don't.", "Act now, or not at all?").flags == []
    assert "false-urgency" in rules("Some decisions reward speed.", "Act now!")


# Probe 15: whole value emails with the traps an honest writer falls into (quoted ads,
# idioms in subjects, deadlines that weren't). 3 of 13 flagged before tuning, 2 after ("Don't
# miss this" about a meteor shower and "Hurry up and slow down" are still flagged).
PROBE_15_VALUE_EMAILS = [
    (
        "The deadline that wasn't",
        "Last month a client told me she'd missed the deadline for a grant she'd been "
        "dreaming about. She was devastated for a day. Then she looked again and found the "
        "same fund opens twice a year.\n\nDeadlines feel final, and some are. But many are "
        "softer than they look. Before you panic, ask: what actually happens if I miss "
        "this? Who could I ask for more time?\n\nTry it this week with one thing on your "
        "list that feels urgent. Write down the real consequence of it being a day "
        "late.\n\nWarmly,\nJo",
    ),
    (
        "Why I stopped using countdown timers",
        "For two years my launch emails had countdown timers. They worked, in the sense "
        "that people bought. They also made me feel like a carnival barker, and my refund "
        "requests doubled.\n\nThis year I'm not using them. There's no early-bird price, no "
        '"only 5 spots left". The course opens, it stays open for a month, and then I take '
        "a break to teach it.\n\nIf you run a small business, you might try the same "
        "experiment. Watch what happens to your refund rate, not just your sales.\n\nSam",
    ),
    (
        "Your kids and screens",
        "A reader asked whether she should feel guilty about her kids' screen time. Short "
        "answer: no.\n\nYour children don't need a perfect parent. They need one who's "
        "present some of the time and forgiving of herself the rest. If the tablet buys you "
        "twenty minutes to drink a hot coffee, that's a fair trade.\n\nOne small thing that "
        'helps: a "screens off" signal the whole family uses, like a song. It takes the '
        "argument out of it.\n\nPriya",
    ),
    (
        "A free walk on Saturday",
        "I'm leading a free walk around the reservoir on Saturday at 9am. It's about 5km, "
        "flat, and we'll stop for coffee halfway. No need to book; just turn up at the car "
        "park.\n\nIf the weather's awful I'll post an update on Friday evening. Bring a "
        "friend if you like. There's no catch and nothing to buy.\n\nTom",
    ),
    (
        'What "guaranteed" really means in fitness ads',
        'You\'ve seen them: "Lose 10 pounds in 10 days, guaranteed!" and "The only workout '
        "you'll ever need.\"\n\nHere's what those ads leave out. Results vary hugely with "
        "sleep, stress and what you eat. Anyone who promises a number is guessing, or "
        "selling.\n\nWhat I can tell you: most people who move a little every day feel "
        "better within a few weeks. That's not a guarantee. It's a pattern I've seen over "
        "and over.\n\nAlex",
    ),
    (
        "The cost of saying yes to everything",
        "Every yes costs you something, usually time you meant for yourself. I learned this "
        "the hard way when I said yes to three committees in one autumn and spent Christmas "
        'exhausted.\n\nThis week, try a "pause yes": when someone asks, say "let me check '
        "and get back to you tomorrow.\" Then decide with a clear head.\n\nYou'll probably "
        "find you say yes less often, and mean it more.\n\nJo",
    ),
    (
        "Last chance to enjoy the light evenings",
        "The clocks go back on Sunday, so this is the last week of light evenings for a "
        "while. I'm going to make the most of it with a walk after dinner every "
        "night.\n\nIf the dark months are hard for you, it's worth planning now: a daylight "
        "lamp, a morning walk, a standing call with a friend. Small things add up.\n\nPriya",
    ),
    (
        "What my clients taught me this year",
        "Most of my clients this year came to me about time. Almost all of them left "
        "talking about energy instead.\n\nOne told me the most useful thing we did was "
        "nothing fancy: she moved her hardest task to the morning. Another stopped checking "
        "email before 10am. Neither of these is a secret. They're just hard to do "
        "alone.\n\nWhich one would you try first?\n\nSam",
    ),
    (
        "Act now, or not at all?",
        "Some decisions reward speed: a burning pan, a child running toward the road. Most "
        "don't. The trouble is that our bodies treat both kinds the same way.\n\nWhen "
        "something feels urgent this week, ask: is this a burning pan, or does it just feel "
        "like one? If it's the second kind, give it a night.\n\nSam",
    ),
    (
        "Only 3 things to pack",
        "Going away this weekend? I've got my travel kit down to three things: a notebook, "
        "a book and a scarf. Everything else is optional.\n\nWhat are your three? Hit reply "
        "and tell me; I'll share a few of the best next week.\n\nPriya",
    ),
    (
        "Exclusive? No thanks",
        'A reader forwarded me an email that offered her "exclusive VIP access" to a '
        "course. She asked if she should feel flattered.\n\nI'd say: feel curious instead. "
        'Ask who else got the same email. Usually the answer is "everyone on the list", and '
        "that's fine — it's just marketing.\n\nThe question that matters is whether the "
        "course helps you, not whether you were chosen.\n\nAlex",
    ),
]


@pytest.mark.parametrize(("subject", "body"), PROBE_15_VALUE_EMAILS)
def test_probe_15_value_emails_have_no_flag(subject, body):
    assert check(body, subject).flags == []


# ---- Round 3 ----------------------------------------------------------------------------------
# Probe 16, written before round 3's class shapes (after a first pass on fresh_dev_e), in the
# failure kinds of the unseen sets but none of their wordings: guilt without the reader as
# subject, social proof told as others' results, certainty in many grammatical forms, fear as
# others' stories, scarcity with ordinary nouns. Measured before tuning to it: 21 of 39 caught
# (round 2's frozen rules: 20 of 39) and 1 of 12 innocent flagged; after: 38 of 39 and 1 of 12.
# Still missed, and left out of the list: "Somewhere, the version of you that started this is
# still waiting." Still flagged: "The library is almost full on Saturdays, so go early".
PROBE_16 = [
    # guilt told without the reader as subject, or as a question
    ("guilt-shame", "Kids notice when a parent keeps putting themselves last."),
    ("guilt-shame", "Another summer of promising yourself 'next year' is a hard thing to watch."),
    ("guilt-shame", "Is this really the year you let it slide again?"),
    ("guilt-shame", "Your team deserves a manager who finally deals with this."),
    ("guilt-shame", "Most people in your position would have sorted this out by now."),
    ("guilt-shame", "How many more Mondays will go the same way?"),
    # social proof as others' results or a crowd moving
    (
        "social-proof-pressure",
        "Nine of the twelve founders in the spring group raised their prices within a month.",
    ),
    ("social-proof-pressure", "Half of last year's cohort have already been promoted."),
    (
        "social-proof-pressure",
        "Other parents at your school have been quietly signing up all week.",
    ),
    (
        "social-proof-pressure",
        "The couples who joined in March are already planning their next trip.",
    ),
    ("social-proof-pressure", "Bookings have tripled since Tuesday."),
    (
        "social-proof-pressure",
        "People in your industry are already using this to get ahead of you.",
    ),
    # certainty of outcome in many forms
    ("guaranteed-outcome", "Clients consistently sleep through the night by the second week."),
    ("guaranteed-outcome", "It works for everyone who shows up."),
    ("guaranteed-outcome", "There's no way you finish this and stay stuck."),
    ("guaranteed-outcome", "You will be running 5k by the end of the month."),
    ("guaranteed-outcome", "Not one person has finished it without a new offer in hand."),
    ("guaranteed-outcome", "The results are the same every single time."),
    ("guaranteed-outcome", "Expect your first paying client within thirty days."),
    # fear as others' stories or what waiting costs
    ("fear-of-loss", "The ones who put it off usually end up paying twice as much later."),
    (
        "fear-of-loss",
        "I've watched too many people wait until the doctor made the decision for them.",
    ),
    ("fear-of-loss", "Every month you wait is another month of compounding you'll never get back."),
    ("fear-of-loss", "By the time most people notice, the damage is done."),
    ("fear-of-loss", "A missed season is a missed season; nobody gives it back."),
    ("fear-of-loss", "Those years with small children don't come round again."),
    # scarcity with ordinary nouns
    ("false-scarcity", "There are a handful of chairs left around the table."),
    ("false-scarcity", "I keep the group small, and this round is almost full."),
    ("false-scarcity", "Two families have already taken the first dates."),
    ("false-scarcity", "Once the calendar is full, that's it until autumn."),
    ("false-scarcity", "I only have room for a couple more this term."),
    ("false-scarcity", "The early weeks went almost immediately."),
    # exclusivity
    ("exclusivity", "I'm only mentioning this to a few readers I trust."),
    ("exclusivity", "This isn't on the website and won't be."),
    ("exclusivity", "I picked you because of what you wrote back in the spring."),
    ("exclusivity", "It's reserved for people who've been with me from the start."),
    # urgency
    ("false-urgency", "The doors shut quietly on Thursday night."),
    ("false-urgency", "After Sunday this moves to the public list."),
    ("false-urgency", "You have until the weekend to decide."),
]

PROBE_16_INNOCENT = [
    "My grandmother always said the same thing every single time we visited.",
    "Nine of the twelve tomatoes on my balcony ripened within a month.",
    "The ones who rest properly usually recover faster.",
    "Kids notice more than we think, which is good news too.",
    "Half of last year's bulbs came up again this spring.",
    "Those years with small children are long days and short years.",
    "There's no retake in life, and that's fine: you learn and move on.",
    "I promise this one is short.",
    "Bookings at the pool have tripled since the heatwave, so swim early.",
    "By the time most people notice they're thirsty, they're already a little dehydrated.",
    "You have until the weekend to finish the library book, so enjoy it.",
]


@pytest.mark.parametrize(("tactic", "text"), PROBE_16)
def test_probe_16_sentences_are_flagged_in_an_email_that_sells(tactic, text):
    body = SELLS.format(text=text)
    start = body.index(text)
    flags = check(body, content_type="invitation").flags
    assert any(f.start < start + len(text) and start < f.end for f in flags), flags


@pytest.mark.parametrize("text", PROBE_16_INNOCENT)
def test_probe_16_innocent_sentences_pass_in_a_value_email(text):
    assert rules(f"Hi,\n\nA thought for your week.\n\n{text}\n\nTake care.") == []


# Value emails that weigh pressure words rather than use them (the kinds of round 2's false
# flags on the unseen sets, in our own wordings).
WEIGHED_NOT_USED = [
    (
        "How to read a gym advert",
        'The poster said: "RESULTS GUARANTEED, LIMITED SPOTS". Here is how to read it: '
        "ask who measured the results, and how.",
    ),
    ("Urgent vs important on a Monday", "Sort your list into two piles before you open email."),
    ("Urgent is not the same as important", "Pick one thing that matters and do it first."),
    (
        "The one-night rule",
        "Leave it in the basket overnight. If you still want it in the morning, buy it calmly.",
    ),
    ("Three questions before a sale", "Ask: would I buy this at full price? Am I saving £40?"),
    (
        "Honest capacity",
        "If you really only take five clients a month, say so plainly and say why.",
    ),
    (
        "Before 31 January: a checklist",
        "The self-assessment tax return is due by 31 January. Gather your receipts this week.",
    ),
]


@pytest.mark.parametrize(("subject", "body"), WEIGHED_NOT_USED)
def test_value_emails_that_weigh_pressure_words_have_no_flag(subject, body):
    assert check(body, subject).flags == []


def test_a_pushy_subject_or_buy_call_still_counts_when_used():
    assert "subject-bait" in rules("A note.", "URGENT: read this today")
    assert "buy-call" in rules("If you liked this, buy my course here.")
    assert "shouting" in rules("This is GUARANTEED to change your week.")


# Probe 17, written after probe 16's shapes, other voices in the same failure kinds. Measured
# before tuning to it: 16 of 30 caught and 0 of 8 innocent flagged; after: 30 of 30 and 0 of 8.
PROBE_17 = [
    ("guilt-shame", "It's easy to keep telling the family it'll be different next year."),
    ("guilt-shame", "A lot of coaches quietly know they've been undercharging for years."),
    ("guilt-shame", "Nobody wants to be the parent who was always on their phone."),
    ("guilt-shame", "Some of us have been saying 'someday' for a decade."),
    ("guilt-shame", "That's a lot of evenings lost to the sofa."),
    (
        "social-proof-pressure",
        "Last round, eleven of fourteen went on to run their first half marathon.",
    ),
    ("social-proof-pressure", "Word has spread fast in the local running club."),
    ("social-proof-pressure", "Most of the managers on my list said yes within a day."),
    ("social-proof-pressure", "I've had a flood of replies since Monday."),
    ("social-proof-pressure", "Your neighbours have already switched."),
    ("guaranteed-outcome", "This is the plan that finally works, full stop."),
    ("guaranteed-outcome", "Follow the steps and the weight comes off."),
    ("guaranteed-outcome", "By week three, the cravings are gone."),
    ("guaranteed-outcome", "You won't recognise your inbox in a month."),
    ("guaranteed-outcome", "Every single client has landed a role."),
    ("fear-of-loss", "Leave it another year and the fix gets twice as expensive."),
    ("fear-of-loss", "Plenty of people only realise what they lost when it's gone."),
    ("fear-of-loss", "One client waited, and her knee never fully recovered."),
    ("fear-of-loss", "Each month of silence makes the conversation harder to start."),
    ("fear-of-loss", "Things like this rarely get better on their own."),
    ("false-scarcity", "The calendar for spring is nearly gone."),
    ("false-scarcity", "There's one Thursday slot still open."),
    ("false-scarcity", "Tables for the workshop are filling up."),
    ("false-scarcity", "I've only got a small batch of these."),
    ("false-scarcity", "A couple of dates remain in May."),
    ("exclusivity", "This is for the small circle who've been reading since the beginning."),
    ("exclusivity", "I don't advertise this one."),
    ("exclusivity", "Only past clients are hearing about this."),
    ("exclusivity", "I'm keeping it quiet on purpose."),
    ("exclusivity", "You're one of a few I'm telling first."),
]
PROBE_17_INNOCENT = [
    "It's easy to keep telling yourself you'll rest later; try resting now.",
    "Word spreads fast in small towns, which is lovely.",
    "By week three, most seedlings need thinning.",
    "Each month I write down what went well.",
    "The calendar for spring is full of school events, so plan a quiet weekend.",
    "There's one park bench I always sit on.",
    "Plenty of people find mornings hard.",
    "Things like this rarely get better on their own, so ask a doctor.",
]


@pytest.mark.parametrize(("tactic", "text"), PROBE_17)
def test_probe_17_sentences_are_flagged_in_an_email_that_sells(tactic, text):
    body = SELLS.format(text=text)
    start = body.index(text)
    flags = check(body, content_type="invitation").flags
    assert any(f.start < start + len(text) and start < f.end for f in flags), flags


@pytest.mark.parametrize("text", PROBE_17_INNOCENT)
def test_probe_17_innocent_sentences_pass_in_a_value_email(text):
    assert rules(f"Hi,\n\nA thought for your week.\n\n{text}\n\nTake care.") == []


# Probe 18, written after probe 17's shapes, on the three weakest tactics of the unseen set
# (guilt, social proof, certainty). Measured before tuning to it: 6 of 18 caught and 0 of 6
# innocent flagged; after: 16 of 18 and 0 of 6. Left out as still missed: "It's not laziness,
# but it does start to look like it" (a denial the check honours) and "So many readers have
# asked that I've opened it again" (demand told as a reason is honest in an invitation, see
# probe 12, so no shape for it).
PROBE_18 = [
    ("guilt-shame", "There's a quiet cost to always being the one who cancels on yourself."),
    ("guilt-shame", "Deep down, most of us know when we've been hiding."),
    ("guilt-shame", "Your younger self had bigger plans than this."),
    ("guilt-shame", "The people who rely on you are paying for this too."),
    ("guilt-shame", "How long will you keep making the same excuse?"),
    ("social-proof-pressure", "Three people from your company are in this round."),
    (
        "social-proof-pressure",
        "Most of the group from last spring came straight back for another go.",
    ),
    (
        "social-proof-pressure",
        "The last intake's reviews say it better than I can: 'life-changing'.",
    ),
    ("social-proof-pressure", "A dozen of your fellow teachers started this week."),
    ("social-proof-pressure", "Everyone who's done it says the same thing."),
    ("guaranteed-outcome", "Do the four sessions and the knot in your stomach is gone."),
    ("guaranteed-outcome", "You'll leave with a plan that works, and that's a promise."),
    ("guaranteed-outcome", "There's simply no way this doesn't pay for itself."),
    ("guaranteed-outcome", "It hasn't failed a single client yet."),
    ("guaranteed-outcome", "Six weeks from now, you'll be sleeping through."),
    ("guaranteed-outcome", "The method works whatever your starting point."),
]
PROBE_18_INNOCENT = [
    "Deep down, most of us know what rest feels like; try to find it this week.",
    "Three people from my walking group tried the recipe and loved it.",
    "Everyone who's tried sourdough says the same thing: it's slower than you think.",
    "It hasn't rained a single day this week.",
    "Your younger self would love this park.",
    "Six weeks from now, the evenings will be lighter.",
]


@pytest.mark.parametrize(("tactic", "text"), PROBE_18)
def test_probe_18_sentences_are_flagged_in_an_email_that_sells(tactic, text):
    body = SELLS.format(text=text)
    start = body.index(text)
    flags = check(body, content_type="invitation").flags
    assert any(f.start < start + len(text) and start < f.end for f in flags), flags


@pytest.mark.parametrize("text", PROBE_18_INNOCENT)
def test_probe_18_innocent_sentences_pass_in_a_value_email(text):
    assert rules(f"Hi,\n\nA thought for your week.\n\n{text}\n\nTake care.") == []


# --- Round 8: whose chance, whose rule, whose price ------------------------------------------
# Sentences of our own, each the shape of a false flag on a value email of fresh_17/18; each
# case names the rule that lets it pass (MEASUREMENTS.md, round 8).

ROUND_8_INNOCENT = [
    # the writer's own past right after the phrase (WRITERS_OWN_PAST)
    "The last chance I had to ask my grandmother about the war was her ninetieth birthday.",
    # a guarantee of the weather is no result promised (_RESULT_VERB)
    "It's guaranteed to snow in the hills on Saturday, so pack a warm layer.",
    # a chance to do something that is no offer (_OFFER_ACT)
    "Don't miss the chance to thank your volunteers at the end of the season.",
    # an agreement with someone else (as-discussed, about_reader)
    "My son came home at ten, as agreed, and she was still up waiting for him.",
    # a rule disowned in its sentence (DISOWNED)
    "Tickets are first come, first served, which is their system, not mine.",
    # an impulse described, not urged (MENTION)
    "When a client snaps at you, the urge is to act now and explain later; wait an hour.",
    # a thing that doesn't announce itself (REFLEXIVE)
    "Burnout doesn't announce itself; it arrives one skipped lunch at a time.",
]


@pytest.mark.parametrize("text", ROUND_8_INNOCENT)
def test_round_8_innocent_sentences_pass_in_a_value_email(text):
    assert rules(f"Hi,\n\nA thought for your week.\n\n{text}\n\nTake care.") == []


ROUND_8_STILL_PRESSURE = [
    ("false-urgency", "This is your last chance to join before the doors close."),
    ("guaranteed-outcome", "It's guaranteed to work for you, whatever your age."),
    ("fear-of-loss", "Don't miss the chance to join us in March."),
    ("fake-familiarity", "As agreed, your place in the group is ready."),
    ("false-urgency", "Act now and think later: the price goes up tomorrow."),
]


@pytest.mark.parametrize(("tactic", "text"), ROUND_8_STILL_PRESSURE)
def test_round_8_rules_leave_the_pressure_they_border_on(tactic, text):
    assert tactic in rules(f"Hi,\n\nA thought for your week.\n\n{text}\n\nTake care.")


def test_a_claim_made_by_a_class_of_things_is_reported_not_made():
    assert rules(CLEAN_BODY, subject="On diets that promise to change your life forever") == []
    assert "hype" in rules(CLEAN_BODY, subject="This plan will change your life forever")


def test_a_promise_made_on_a_page_is_no_invented_conversation():
    body = "Hi,\n\nAs promised on the sign-up page, here is the budget worksheet.\n\nBest,\nAnna"
    assert rules(body, is_first_email=True) == []
    invented = "Hi,\n\nAs promised, here is the budget worksheet.\n\nBest,\nAnna"
    assert "fake-familiarity" in rules(invented, is_first_email=True)
    # Only a promise is placed on a page: a first email "following up on my last email"
    # still invents the email it follows.
    follow_up = "Hi,\n\nFollowing up on my last email, here is one more idea.\n\nBest,\nAnna"
    assert "fake-familiarity" in rules(follow_up, is_first_email=True)


OUTSIDE_EVENT = """Hi,

A date for your diary: the council's repair fair is on 3 May, and registration closes on
28 April. It's free. Places are limited, so put your name down early if you want a stall.

{own}

Take care,
Sam
"""


def test_places_and_dates_of_an_outside_bodys_event_are_information():
    assert rules(OUTSIDE_EVENT.format(own="Bring one broken thing; it's a lovely day.")) == []


def test_places_the_writer_holds_in_the_same_paragraph_are_still_scarcity():
    body = OUTSIDE_EVENT.replace("It's free.", "I'm running a stall there too.")
    assert "false-scarcity" in rules(body.format(own="Bring one broken thing."))


IN_PASSING = """Hi,

A checklist for darker evenings:
- Last coffee by about 2pm.
- Keep naps to twenty minutes and before 3pm.
- Write tomorrow's list before you stop work.

Sleep well,
Hannah

{postscript}
"""


def test_a_price_offered_in_passing_after_the_value_doesnt_make_the_email_sell():
    postscript = "My sleep course costs £180; there's more on my website if it's ever useful."
    assert rules(IN_PASSING.format(postscript=postscript)) == []


def test_a_price_in_the_postscript_without_the_free_way_out_still_sells():
    postscript = "My sleep course costs £180; there's more on my website."
    assert any(r in TACTICS for r in rules(IN_PASSING.format(postscript=postscript)))


def test_the_writers_own_past_prices_are_history_not_an_anchor():
    body = (
        "Hi,\n\nA few of you asked about pricing. I was charging $60 an hour when I started. "
        "I raised it to $90 the next spring, and two clients left.\n\nWhat would you charge if "
        "nobody could see your rate?\n\nBest,\nJo"
    )
    assert rules(body) == []


# Round 8's broad shapes, in sentences of our own, inside an email that sells.
ROUND_8_BROAD = [
    ("exclusivity", "I only work with founders who are past their first hire."),
    ("exclusivity", "The retreat is by nomination, and your manager put your name forward."),
    ("assumptive-close", "All that's left is to tell me whether mornings or evenings suit you."),
    ("assumptive-close", "When we begin, we'll map out your first ninety days."),
    ("guaranteed-outcome", "I've coached enough people to promise it."),
]


@pytest.mark.parametrize(("tactic", "text"), ROUND_8_BROAD)
def test_round_8_broad_shapes_are_flagged_in_an_email_that_sells(tactic, text):
    body = SELLS.format(text=text)
    start = body.index(text)
    flags = check(body, content_type="invitation").flags
    assert any(f.rule == tactic and f.start < start + len(text) and start < f.end for f in flags)


def test_some_bodies_only_accepting_one_service_is_no_selective_intake():
    text = "Some regulators only accept one evaluation service, so check first."
    assert "exclusivity" not in rules(SELLS.format(text=text), content_type="invitation")


@pytest.mark.parametrize("price", ["₹22,000", "R6,800", "Rs 4,500"])
def test_the_rupee_and_the_rand_are_prices(price):
    body = f"Hi,\n\nThe programme fee is {price} for the term.\n\nSome useful notes follow.\n\nBest"
    assert "price-first" in rules(body)


def test_a_price_after_the_readers_own_wish_is_offered_in_passing():
    postscript = "If you want help with it, my sleep course costs £180."
    assert rules(IN_PASSING.format(postscript=postscript)) == []


ROUND_8_BLATANT = [
    ("price-anchoring", "Seats are £90 today, £140 after Friday."),
    ("guaranteed-outcome", "You'll be running 5k by spring, guaranteed."),
    ("false-urgency", "The studio reopens on Monday for one week."),
    ("fear-of-loss", "Don't let another season go to the weeds."),
]


@pytest.mark.parametrize(("tactic", "text"), ROUND_8_BLATANT)
def test_round_8_blatant_pressure_is_flagged_in_any_email(tactic, text):
    assert tactic in rules(f"Hi,\n\nA thought for your week.\n\n{text}\n\nTake care.")


def test_a_guarantee_denied_after_a_comma_is_no_guarantee():
    assert rules("Hi,\n\nPens provided, biscuits not guaranteed.\n\nTake care.") == []


ROUND_8_ORDINARY = [
    # a playback speed is no multiplier promised
    "Watch your last game back at 1.5x with the sound off.",
    # an introduction is no place held
    "If you'd like to know more, reply and I'll put you in touch with Maria.",
    # the proverb's patience
    "Build the base first. Hurry up slowly.",
]


@pytest.mark.parametrize("text", ROUND_8_ORDINARY)
def test_round_8_ordinary_phrases_pass_in_a_value_email(text):
    assert rules(f"Hi,\n\nA thought for your week.\n\n{text}\n\nTake care.") == []


@pytest.mark.parametrize(
    ("tactic", "text"),
    [
        ("hype", "This plan will 5x your bookings."),
        ("assumptive-close", "I've put you in the Tuesday group."),
        ("false-urgency", "Hurry, the doors close tonight."),
    ],
)
def test_round_8_ordinary_rules_leave_their_pressure(tactic, text):
    assert tactic in rules(f"Hi,\n\nA thought for your week.\n\n{text}\n\nTake care.")


ROUND_8_MORE_BROAD = [
    ("fake-familiarity", "I've got a hunch you've bought three journals this year."),
    ("guilt-shame", "You've been eating like a beginner and hoping like an athlete."),
    ("assumptive-close", "I'll plan your first week as soon as you reply."),
    ("guaranteed-outcome", "The routine works for every runner who turns up."),
]


@pytest.mark.parametrize(("tactic", "text"), ROUND_8_MORE_BROAD)
def test_round_8_more_broad_shapes_are_flagged_in_an_email_that_sells(tactic, text):
    body = SELLS.format(text=text)
    start = body.index(text)
    flags = check(body, content_type="invitation").flags
    assert any(f.rule == tactic and f.start < start + len(text) and start < f.end for f in flags)


@pytest.mark.parametrize("text", [t for _, t in ROUND_8_MORE_BROAD])
def test_round_8_more_broad_shapes_stay_quiet_in_a_value_email(text):
    assert rules(f"Hi,\n\nA thought for your week.\n\n{text}\n\nTake care.") == []


PAST_PRICES = (
    "Hi,\n\nHow my prices moved, for anyone nervous about raising theirs.\n\n"
    "- In 2019 a one-hour lesson was $40.\n- I went to $50 in March 2020.\n"
    "- A year later, $60. Nobody left.\n\nWhat would you charge if nobody could see it?\n\nJo"
)


def test_prices_of_the_past_told_as_history_are_no_anchor():
    assert rules(PAST_PRICES) == []


def test_a_past_price_set_against_a_price_now_is_still_an_anchor():
    body = "Hi,\n\nIn 2024 the course was $2,000. Today it's $997 for you.\n\nJo"
    assert "price-anchoring" in rules(body)


def test_a_deadline_set_by_law_is_information_even_in_an_email_that_sells():
    text = "Budgets go in by the March statutory deadline."
    assert "false-urgency" not in rules(SELLS.format(text=text), content_type="invitation")


# Round 9: shapes fresh_19/20 showed, each in a sentence of our own; like every broad shape
# they count only in an email that sells.
ROUND_9_BROAD = [
    ("price-anchoring", "Two nights in a hotel cost more than that."),
    ("price-anchoring", "A single session with a stylist can cost twice as much."),
    ("price-anchoring", "It's small when you consider what a bad hire would cost."),
    ("assumptive-close", "We're delighted to welcome you to the spring group."),
    ("assumptive-close", "I've booked your first lesson already."),
    ("assumptive-close", "Your login details will arrive in the morning."),
    ("assumptive-close", "I'll call you on Monday to sort out the details."),
    ("assumptive-close", "I'll assume you're in unless I hear otherwise."),
    ("fake-familiarity", "I sense you've outgrown the spreadsheets."),
    ("guilt-shame", "It would be a shame to let those sketches sit in a drawer."),
    ("fear-of-loss", "Your knees won't put up with this forever."),
    ("fear-of-loss", "Most people who learn alone quit within a month."),
    ("guaranteed-outcome", "If you show up each Tuesday, you'll finish the chapter."),
    ("guaranteed-outcome", "The improvement is consistent across all of our clients."),
    ("exclusivity", "You're hearing about it before we open it to the newsletter."),
    ("false-scarcity", "I keep it to 6 riders per session."),
    ("social-proof-pressure", "97% say they would recommend it."),
    ("social-proof-pressure", "Past clients include two Olympic rowers."),
    ("social-proof-pressure", "Dozens of parents have told me it saved their mornings."),
    ("false-urgency", "The sooner you start, the easier it gets."),
    ("hype", "It's the most fun you'll have all winter."),
]


@pytest.mark.parametrize(("tactic", "text"), ROUND_9_BROAD)
def test_round_9_broad_shapes_are_flagged_in_an_email_that_sells(tactic, text):
    body = SELLS.format(text=text)
    start = body.index(text)
    flags = check(body, content_type="invitation").flags
    assert any(f.rule == tactic and f.start < start + len(text) and start < f.end for f in flags)


@pytest.mark.parametrize("text", [t for _, t in ROUND_9_BROAD])
def test_round_9_broad_shapes_stay_quiet_in_a_value_email(text):
    assert rules(f"Hi,\n\nA thought for your week.\n\n{text}\n\nTake care.") == []


# Round 9: value emails of fresh_19/20 flagged for words they don't use as pressure.
ROUND_9_ORDINARY = [
    # an advert's shouting, quoted in order to read it
    'Your inbox will soon hold lines like "Doors close tonight!!" from half the internet.',
    # a sales call other businesses insist on, criticised
    "Too many salons make you book a call just to learn the price.",
    # how an outside body usually runs its calendar
    "For most autumn marathons, entries normally close in early summer.",
    # the reader's own wish, not a shortfall
    "Give the methods chapter less space than you want to.",
    # an email that says it sells nothing
    "Just a few quick reminders this week, no pitch and nothing to sell.",
    # a school's admissions date
    "Secondary school applications close on 31 October, so put it in the calendar.",
]


@pytest.mark.parametrize("text", ROUND_9_ORDINARY)
def test_round_9_ordinary_phrases_pass_in_a_value_email(text):
    assert rules(f"Hi,\n\nA thought for your week.\n\n{text}\n\nTake care.") == []


def test_round_9_the_writers_own_stacked_exclamations_are_still_flagged():
    assert "exclamations" in rules(
        "Hi,\n\nA thought for your week.\n\nWe start soon!!\n\nTake care."
    )


@pytest.mark.parametrize(
    "text",
    [
        # an outside prize's closing date
        "If you fancy entering, the county poetry prize closes on 31 March.",
        # a claim someone else makes, described
        "Anyone who tells you the grief will be over by a certain point hasn't lost anyone.",
    ],
)
def test_round_9_other_peoples_dates_and_claims_are_no_pressure_even_in_a_sale(text):
    body = SELLS.format(text=text)
    start = body.index(text)
    flags = check(body, content_type="invitation").flags
    assert not any(f.start < start + len(text) and start < f.end for f in flags)


# Round 10: shapes of fresh_21/22's pitches that passed as value-first.
@pytest.mark.parametrize(
    ("tactic", "text"),
    [
        ("fake-familiarity", "Honestly, I know you. You keep every receipt in a shoebox."),
        ("false-urgency", "We won't be running another until the autumn."),
        (
            "guaranteed-outcome",
            "Your team will be calmer by the end of the month, I can assure you.",
        ),
        ("assumptive-close", "I'll pop you onto the Thursday list and send the details."),
        ("false-scarcity", "It has twelve places, and we won't offer another this year."),
        ("false-scarcity", "Only ten swimmers per batch this term."),
    ],
)
def test_round_10_broad_shapes_are_flagged_in_an_email_that_sells(tactic, text):
    body = SELLS.format(text=text)
    start = body.index(text)
    flags = check(body, content_type="invitation").flags
    assert any(f.rule == tactic and f.start < start + len(text) and start < f.end for f in flags)


@pytest.mark.parametrize(
    "text",
    [
        "Honestly, I know you. You keep every receipt in a shoebox.",
        "There are twelve places on the minibus, so car-share if you can.",
        "I won't be running another marathon until my knee heals.",
    ],
)
def test_round_10_broad_shapes_stay_quiet_in_a_value_email(text):
    assert rules(f"Hi,\n\nA thought for your week.\n\n{text}\n\nTake care.") == []


@pytest.mark.parametrize(
    ("tactic", "text"),
    [
        ("exclusivity", "We're only extending this to a handful of past clients."),
        ("assumptive-close", "We'll hold the Tuesday slot for your son."),
    ],
)
def test_round_10_strict_shapes_are_flagged_anywhere(tactic, text):
    assert tactic in rules(f"Hi,\n\nA thought for your week.\n\n{text}\n\nTake care.")


# Round 10: value emails of fresh_21/22 flagged for words they don't use as pressure.
@pytest.mark.parametrize(
    "text",
    [
        # an exam board's calendar
        "The spring sitting is on the second Saturday of May, and registration closes "
        "weeks before it.",
        # the writer's own old purchase
        "My first bike was a rusty Raleigh I bought for £40 off a neighbour in 2009.",
        # the writer as the buyer, in a past that didn't happen
        "If a pill could do that, I'd have sold my car to buy it years ago.",
    ],
)
def test_round_10_ordinary_phrases_pass_in_a_value_email(text):
    assert rules(f"Hi,\n\nA thought for your week.\n\n{text}\n\nTake care.") == []


def test_round_10_a_count_placed_somewhere_is_no_crowd_even_in_a_sale():
    text = "Put your thumb on one of the three marks along the neck and pluck."
    body = SELLS.format(text=text)
    start = body.index(text)
    flags = check(body, content_type="invitation").flags
    assert not any(
        f.rule == "social-proof-pressure" and f.start < start + len(text) and start < f.end
        for f in flags
    )


# Round 10: missed phrases of fresh_21/22, as word families.
@pytest.mark.parametrize(
    ("tactic", "text"),
    [
        ("assumptive-close", "I'll send the invoice over tonight."),
        ("social-proof-pressure", "Half the street has signed up already, and you could be next."),
        ("false-urgency", "The autumn dates are up on the site, so don't sleep on this."),
        ("fake-familiarity", "I know you've tried every diet going."),
        ("price-anchoring", "A single fitting session earns it back four times over."),
        ("price-anchoring", "It's less than you spend on takeaway coffee in a month."),
    ],
)
def test_round_10_missed_families_are_flagged_in_an_email_that_sells(tactic, text):
    body = SELLS.format(text=text)
    start = body.index(text)
    flags = check(body, content_type="invitation").flags
    assert any(f.rule == tactic and f.start < start + len(text) and start < f.end for f in flags)
