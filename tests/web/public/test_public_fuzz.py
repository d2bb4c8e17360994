"""Hypothesis against every public URL: any token, any form input, any query. Never a 500."""

from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relationships.models import Content, ContentStatus, Sequence, StageKey, Step
from relationships.nurture.enrollment import enroll
from relationships.selfservice.tokens import PURPOSES, make_token
from tests.support.factories import ProspectFactory, stage

# URL name -> the token purpose it takes.
TOKEN_PAGES = {
    "confirm_signup": "confirm",
    "where": "where",
    "talk": "talk",
    "not_now": "not_now",
    "less_often": "less_often",
    "unsubscribe": "unsubscribe",
    "preferences": "preferences",
    "preferences_frequency": "preferences",
    "preferences_topics": "preferences",
    "coming": "preferences",
}
FIELDS = [
    "name",
    "email",
    "help",
    "tz",
    "website",
    "embed",
    "note",
    "times",
    "timezone",
    "answer",
    "frequency",
    "until",
    "topics",
    "skip",
    "delivery",
    "useful",
    "List-Unsubscribe",
]
FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Anything a browser could send: no lone surrogates (they cannot be encoded at all).
text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
tricky = st.sampled_from(
    [
        "",
        "\x00",
        "ready",
        "talk",
        "pause",
        "less",
        "normal",
        "yes",
        "no",
        "1",
        "-1",
        "0",
        "99999999999999999999999",
        "2026-02-30",
        "2026-06-01",
        "9999-12-31",
        "Europe/London",
        "../../etc/passwd",
        "<script>alert(1)</script>",
        "a@b.c",
        "ana@example.org",
        "ANA@EXAMPLE.ORG",
        "x" * 5000,
        "habits",
        "One-Click",
    ]
)
value = st.one_of(text, tricky)
form = st.dictionaries(
    st.one_of(st.sampled_from(FIELDS), text.filter(bool)),
    st.one_of(value, st.lists(value, max_size=3)),
    max_size=8,
)


@pytest.fixture
def prospect(workspace):
    prospect = ProspectFactory(
        workspace=workspace, name="Ana Reyes", stage=stage(workspace, StageKey.EXPLORING)
    )
    sequence = Sequence.objects.create(
        workspace=workspace, name="Tools", entry_stage=stage(workspace, StageKey.EXPLORING)
    )
    for position, topics in enumerate([["habits"], ["energy"], []]):
        content = Content.objects.create(
            workspace=workspace,
            title=f"Idea {position}",
            subject="An idea for {{ first_name }}",
            body="Body.",
            topics=topics,
            status=ContentStatus.APPROVED,
        )
        Step.objects.create(sequence=sequence, position=position, content=content)
    enroll(prospect, sequence)
    return prospect


def path_for(name: str, token: str) -> str:
    prefix = reverse(f"public:{name}", kwargs={"token": "TOKEN"})
    return prefix.replace("TOKEN", quote(token, safe=""))


def request(method: str, path: str, data=None):
    cache.clear()  # rate limits would answer 429 long before the views are reached
    client = Client(REMOTE_ADDR="203.0.113.5")
    return getattr(client, method)(path, data or {})


@pytest.mark.django_db
@FUZZ
@given(
    name=st.sampled_from(sorted(TOKEN_PAGES)),
    method=st.sampled_from(["get", "head", "post"]),
    token=st.one_of(
        text.filter(bool),
        st.from_regex(r"[A-Za-z0-9_\-:.]{1,160}", fullmatch=True),
        st.builds(
            make_token, st.integers(min_value=1, max_value=10**9), st.sampled_from(sorted(PURPOSES))
        ),
    ),
)
def test_no_token_makes_any_public_page_fail(name, method, token):
    assert request(method, path_for(name, token)).status_code < 500


@pytest.mark.django_db
@FUZZ
@given(
    name=st.sampled_from(sorted(TOKEN_PAGES)),
    purpose=st.sampled_from(sorted(PURPOSES)),
    method=st.sampled_from(["get", "post"]),
    data=form,
)
def test_no_form_input_makes_a_page_behind_a_real_link_fail(prospect, name, purpose, method, data):
    # Mostly the right purpose, sometimes a real token made for another page.
    token = make_token(prospect.pk, TOKEN_PAGES[name] if purpose == "talk" else purpose)
    path = path_for(name, token)
    if method == "get":
        query = "&".join(f"{quote(str(k))}={quote(str(v))}" for k, v in data.items())
        response = request("get", f"{path}?{query}")
    else:
        response = request("post", path, data)
    assert response.status_code < 500


@pytest.mark.django_db
@FUZZ
@given(data=form, endpoint=st.sampled_from(["signup", "signup_from_site"]), embed=st.booleans())
def test_no_form_input_makes_a_sign_up_fail(workspace, data, endpoint, embed):
    path = reverse(f"public:{endpoint}", kwargs={"slug": workspace.slug})
    if embed:
        path += "?embed=1"
    assert request("post", path, data).status_code < 500
    assert request("get", path).status_code < 500


@pytest.mark.django_db
@FUZZ
@given(
    slug=st.one_of(text.filter(bool), st.from_regex(r"[a-z0-9-]{1,80}", fullmatch=True)),
    query=text,
)
def test_no_sign_up_address_makes_the_page_fail(workspace, slug, query):
    path = f"/p/join/{quote(slug, safe='')}/"
    assert request("get", f"{path}?embed={quote(query)}").status_code < 500
    assert request("post", path + "from-site/", {"email": query}).status_code < 500


@pytest.mark.django_db
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(token=text, origin=st.one_of(text, st.just("null"), st.just("https://evil.example")))
def test_the_open_pixel_and_odd_origins_never_fail(workspace, token, origin):
    workspace.embed_origins = "https://www.coach.example"
    workspace.save(update_fields=["embed_origins"])
    assert request("get", f"/p/o/{quote(token, safe='')}.gif").status_code < 500
    cache.clear()
    response = Client(HTTP_ORIGIN=origin.replace("\n", "").replace("\r", "")).post(
        reverse("public:signup_from_site", kwargs={"slug": workspace.slug}),
        {"name": "A", "email": "a@example.org"},
    )
    assert response.status_code < 500
