"""Merge fields: only the documented ones, written plainly, rendered without a template engine."""

import pytest

from relationships.content.merge_fields import (
    MERGE_FIELDS,
    find_merge_field_errors,
    render_merge_fields,
)


def test_it_documents_the_fields():
    assert set(MERGE_FIELDS) == {
        "first_name",
        "name",
        "coach_name",
        "workspace_name",
        "sender_name",
    }
    assert all(description for description in MERGE_FIELDS.values())


def test_it_accepts_documented_fields_with_or_without_spaces():
    text = "Hi {{ first_name }}, I'm {{coach_name}} from {{  workspace_name  }}. {{ sender_name }}"
    assert find_merge_field_errors(text) == []


def test_it_accepts_text_without_fields():
    assert find_merge_field_errors("Plain text and no fields at all.") == []


def test_it_reports_any_word_in_braces_as_a_broken_field():
    [error] = find_merge_field_errors("Hi {firstname},")
    assert error == (
        'line 1: "{firstname}" is a malformed merge field; merge fields are written '
        "{{ first_name }}."
    )


def test_it_suggests_the_field_meant_by_a_typo():
    assert find_merge_field_errors("Hi {{ frist_name }},") == [
        'line 1: "{{ frist_name }}" is not a known merge field — did you mean first_name?'
    ]


def test_it_lists_the_known_fields_for_an_unrecognisable_name():
    [error] = find_merge_field_errors("{{ favourite_colour }}")
    assert "is not a known merge field; use one of: first_name, name" in error


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Hi {{ first_name }",
            '"{{ first_name }" is a malformed merge field; write {{ first_name }}.',
        ),
        ("Hi {first_name}}", '"{first_name}}" is a malformed merge field; write {{ first_name }}.'),
        ("Hi {first_name}", '"{first_name}" is a malformed merge field; write {{ first_name }}.'),
        ("Hi {{ ", '"{{" is a malformed merge field'),
    ],
)
def test_it_reports_malformed_braces(text, expected):
    [error] = find_merge_field_errors(text)
    assert expected in error


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{% if x %}Hi{% endif %}", "is a template tag or comment"),
        ("{# note #}", "is a template tag or comment"),
        ("{{ name|upper }}", "uses a filter, which isn't allowed; write {{ name }} instead."),
        ("{{ secret|safe }}", "uses a filter, which isn't allowed; use one of"),
        ("{{ prospect.email }}", "looks up an attribute, which isn't allowed"),
        ("{{ }}", "is empty"),
    ],
)
def test_it_refuses_template_language(text, expected):
    errors = find_merge_field_errors(text)
    assert errors and all(expected in e or "template tag" in e for e in errors)
    assert expected in errors[0]


def test_it_reports_the_line_of_each_problem_in_order():
    errors = find_merge_field_errors("Hi {{ first_name }},\n\n{{ nmae }} and {% now %}\n")
    assert [e.split(":")[0] for e in errors] == ["line 3", "line 3"]
    assert "did you mean name?" in errors[0]


def test_it_renders_documented_fields():
    text = "Hi {{ first_name }}, from {{coach_name}} at {{ workspace_name }}."
    values = {"first_name": "Ana", "coach_name": "Sam", "workspace_name": "Calm Co"}
    assert render_merge_fields(text, values) == "Hi Ana, from Sam at Calm Co."


def test_it_renders_missing_values_as_empty():
    assert render_merge_fields("Hi {{ first_name }}!", {}) == "Hi !"


def test_it_leaves_everything_else_unchanged():
    text = "{{ frist_name }} {% now 'Y' %} {{ name|upper }} {first_name} {{ settings.SECRET_KEY }}"
    assert render_merge_fields(text, {"first_name": "Ana", "name": "Ana Li"}) == text


def test_it_inserts_values_literally_without_escaping_or_re_rendering():
    values = {"name": r"<b>Ana</b> \1 {{ coach_name }}", "coach_name": "Sam"}
    assert render_merge_fields("{{ name }}", values) == r"<b>Ana</b> \1 {{ coach_name }}"
