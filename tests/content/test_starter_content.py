"""The starter library: useful, warm emails that pass the check clean."""

import re

import pytest

from relationships.content.check import Thresholds, check_content
from relationships.content.merge_fields import find_merge_field_errors
from relationships.content.services import AFTER_CONVERSATION
from relationships.content.starter import (
    STAGE_KEYS,
    StarterContentError,
    load_starter_library,
    parse_starter_email,
)

LIBRARY = load_starter_library()


def test_the_library_has_at_least_twelve_emails_with_unique_slugs():
    assert len(LIBRARY) >= 12
    assert len({email.slug for email in LIBRARY}) == len(LIBRARY)


def test_the_library_covers_every_active_stage_and_type():
    assert {stage for email in LIBRARY for stage in email.stages} == set(STAGE_KEYS)
    assert {email.type for email in LIBRARY} == {"value", "question", "invitation"}


@pytest.mark.parametrize("email", LIBRARY, ids=lambda email: email.slug)
def test_each_starter_email_is_value_first(email):
    # Emails for stages after a conversation may recall it; the rest may not.
    result = check_content(
        email.subject,
        email.body,
        content_type=email.type,
        after_conversation=set(email.stages) <= AFTER_CONVERSATION,
        thresholds=Thresholds(),
    )
    assert result.verdict == "value-first", [(f.rule, f.excerpt) for f in result.flags]
    assert result.score == 100


@pytest.mark.parametrize("email", LIBRARY, ids=lambda email: email.slug)
def test_each_starter_email_uses_only_documented_merge_fields(email):
    assert find_merge_field_errors(email.subject) == []
    assert find_merge_field_errors(email.body) == []
    assert "{{ first_name }}" in email.body and "{{ coach_name }}" in email.body


@pytest.mark.parametrize("email", LIBRARY, ids=lambda email: email.slug)
def test_each_starter_email_has_a_title_topics_and_a_useful_length(email):
    assert email.title and email.subject and email.topics
    assert 150 <= len(re.findall(r"\S+", email.body)) <= 400
    assert not email.body.startswith(("Title:", "---"))


def test_it_refuses_a_file_with_an_unknown_stage():
    text = "Title: T\nSubject: S\nType: value\nStages: somewhere\n---\nBody\n"
    with pytest.raises(StarterContentError, match="unknown stage"):
        parse_starter_email("odd", text)


def test_it_refuses_a_file_without_headers():
    with pytest.raises(StarterContentError, match="missing header"):
        parse_starter_email("bare", "Just a body.\n")


def test_it_parses_lists_and_slug():
    email = parse_starter_email(
        "two-lists",
        "Title: T\nSubject: S\nType: Question\nStages: needs_help, exploring\n"
        "Topics: Focus, habits\n---\nHi {{ first_name }}\n",
    )
    assert (email.slug, email.type, email.stages, email.topics, email.body) == (
        "two-lists",
        "question",
        ("needs_help", "exploring"),
        ("focus", "habits"),
        "Hi {{ first_name }}\n",
    )
