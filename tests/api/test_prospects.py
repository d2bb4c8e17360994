"""The prospects resource: the same rules as the pages, answered in JSON."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from relationships.models import (
    ApiKey,
    Consent,
    Enrollment,
    IdempotencyKey,
    InteractionKind,
    Prospect,
    StageKey,
    Tag,
)
from relationships.people.diagnosis import record_diagnosis
from tests.support.api import ApiClient, key_for
from tests.support.factories import ProspectFactory, SequenceFactory, stage

pytestmark = pytest.mark.django_db


def new(api, **extra):
    body = {"name": "Ann Lee", "email": "Ann@Example.org", **extra}
    return api.post("/prospects", body)


def test_adding_with_a_consent_basis_confirms_consent_and_enrolls(workspace, api):
    sequence = SequenceFactory(workspace=workspace)
    answer = new(api, consent_basis="Asked at the spring workshop", tags=["vip", "Workshop"])
    assert answer.status_code == 201
    body = answer.json()
    assert body["email"] == "ann@example.org"
    assert body["consent"] == Consent.CONFIRMED
    assert body["consent_note"].startswith("Asked at the spring workshop")
    assert body["tags"] == ["vip", "Workshop"]
    assert body["stage"]["key"] == StageKey.NEEDS_HELP
    assert Enrollment.objects.filter(prospect_id=body["id"], sequence=sequence).exists()


def test_adding_without_a_basis_leaves_consent_pending(api):
    assert new(api).json()["consent"] == Consent.PENDING


def test_a_duplicate_email_is_refused_with_its_field(workspace, api):
    ProspectFactory(workspace=workspace, email="ann@example.org")
    answer = new(api)
    assert answer.status_code == 422
    assert answer.json() == {
        "code": "refused",
        "message": f"ann@example.org is already a prospect in {workspace.name}.",
        "field": "email",
    }


def test_a_refused_add_writes_nothing_not_even_half(workspace, api):
    answer = new(api, consent_basis="   ", timezone="Mars/Olympus")
    assert answer.status_code == 422 and answer.json()["field"] == "timezone"
    assert not Prospect.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "", "email": "a@b.org"}, "name"),
        ({"name": "   ", "email": "a@b.org"}, "name"),
        ({"name": "A\x00B", "email": "a@b.org"}, "name"),
        ({"name": "A" * 201, "email": "a@b.org"}, "name"),
        ({"name": "A", "email": "not an address"}, "email"),
        ({"name": "A", "email": "a@b.org", "stage_id": 2**63}, "stage_id"),
        ({"name": "A", "email": "a@b.org", "tags": ["x" * 61]}, "tags.0"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(api, body, field):
    answer = api.post("/prospects", body)
    assert answer.status_code == 422
    assert answer.json()["field"] == field


def test_a_move_the_rules_refuse_is_a_422_with_the_same_words_as_the_board(workspace, api):
    prospect = ProspectFactory(workspace=workspace)
    ready = stage(workspace, StageKey.READY)
    answer = api.post(f"/prospects/{prospect.pk}/move", {"stage_id": ready.pk})
    assert answer.status_code == 422
    assert answer.json()["code"] == "stage_rule"
    assert answer.json()["field"] == "stage"
    assert "diagnose before you prescribe" in answer.json()["message"]

    not_now = stage(workspace, StageKey.NOT_NOW)
    answer = api.post(f"/prospects/{prospect.pk}/move", {"stage_id": not_now.pk})
    assert (answer.status_code, answer.json()["field"]) == (422, "revisit_on")

    record_diagnosis(prospect, current_situation="Stuck.", desired_outcome="Moving.")
    answer = api.post(f"/prospects/{prospect.pk}/move", {"stage_id": ready.pk})
    assert answer.status_code == 200
    assert answer.json()["prospect"]["stage"]["key"] == StageKey.READY
    change = answer.json()["stage_change"]
    assert change["from_stage"]["key"] == StageKey.NEEDS_HELP
    assert change["reason"] == "Through the API (Tests)"


def test_logging_their_reply_pauses_their_nurture(workspace, api):
    prospect = ProspectFactory(workspace=workspace)
    sequence = SequenceFactory(workspace=workspace)
    Enrollment.objects.create(prospect=prospect, sequence=sequence)
    answer = api.post(f"/prospects/{prospect.pk}/interactions", {"kind": "reply", "summary": "Hi"})
    assert answer.status_code == 201
    assert answer.json()["kind"] == InteractionKind.EMAIL_IN
    # Paused, then (in conversation now) out of the Needs help sequence: no more automation.
    assert Enrollment.objects.get(prospect=prospect).state in {"paused", "exited"}
    prospect.refresh_from_db()
    assert prospect.needs_attention and prospect.attention_reason == "Replied"


def test_an_interaction_in_the_future_is_refused(workspace, api):
    prospect = ProspectFactory(workspace=workspace)
    later = (timezone.now() + datetime.timedelta(days=1)).isoformat()
    body = {"kind": "call", "summary": "Talked", "at": later}
    answer = api.post(f"/prospects/{prospect.pk}/interactions", body)
    assert (answer.status_code, answer.json()["field"]) == (422, "at")
    naive = {"kind": "call", "summary": "Talked", "at": "2026-01-01T10:00:00"}
    assert api.post(f"/prospects/{prospect.pk}/interactions", naive).status_code == 422


def test_a_patch_changes_what_is_given_and_keeps_the_rest(workspace, api):
    prospect = ProspectFactory(workspace=workspace, source="referral", consent=Consent.PENDING)
    answer = api.patch(f"/prospects/{prospect.pk}", {"name": "Ann B", "tags": ["vip"]})
    assert answer.status_code == 200
    assert (answer.json()["name"], answer.json()["source"]) == ("Ann B", "referral")
    assert answer.json()["tags"] == ["vip"]
    answer = api.patch(f"/prospects/{prospect.pk}", {"consent_basis": "Said yes on the call"})
    assert answer.json()["consent"] == Consent.CONFIRMED


def test_pages_follow_a_cursor_and_filters_apply(workspace, api):
    vip = Tag.objects.create(workspace=workspace, name="vip")
    made = [ProspectFactory(workspace=workspace) for _ in range(5)]
    for prospect in made[::2]:
        prospect.tags.add(vip)
    seen, cursor = [], None
    while True:
        page = api.get("/prospects", {"limit": 2, **({"cursor": cursor} if cursor else {})}).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [p.pk for p in made]
    tagged = api.get("/prospects", {"tag": "VIP"}).json()["items"]
    assert [item["id"] for item in tagged] == [p.pk for p in made[::2]]
    bad = api.get("/prospects", {"cursor": "not-ours"})
    assert (bad.status_code, bad.json()["code"]) == (422, "invalid_cursor")


def test_a_page_costs_the_same_queries_for_3_or_30_prospects(
    workspace, api, django_assert_num_queries
):
    def page_with(count):
        for _ in range(count - workspace.prospects.count()):
            ProspectFactory(workspace=workspace).tags.add(
                Tag.objects.get_or_create(workspace=workspace, name="vip")[0]
            )
        api.get("/prospects")  # writes "last used" once
        # The key, the prospects with their stage and owner, their tags.
        with django_assert_num_queries(3):
            assert len(api.get("/prospects").json()["items"]) == count

    page_with(3)
    page_with(30)


def test_a_retried_create_with_the_same_idempotency_key_makes_one_prospect(workspace, api):
    first = api.post(
        "/prospects", {"name": "Ann", "email": "ann@example.org"}, **{"Idempotency-Key": "k-1"}
    )
    again = api.post(
        "/prospects", {"name": "Ann", "email": "ann@example.org"}, **{"Idempotency-Key": "k-1"}
    )
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert Prospect.objects.count() == 1
    other = api.post(
        "/prospects", {"name": "Bo", "email": "bo@example.org"}, **{"Idempotency-Key": "k-1"}
    )
    assert (other.status_code, other.json()["code"]) == (422, "idempotency_key_reused")
    assert Prospect.objects.count() == 1


def test_a_refused_request_keeps_no_idempotency_record(workspace, api):
    ProspectFactory(workspace=workspace, email="ann@example.org")
    for _ in range(2):
        answer = api.post(
            "/prospects", {"name": "Ann", "email": "ann@example.org"}, **{"Idempotency-Key": "k"}
        )
        assert answer.status_code == 422 and "Idempotent-Replayed" not in answer.headers
    assert not IdempotencyKey.objects.exists()


def test_keys_that_are_missing_unknown_revoked_or_expired_get_401(workspace):
    token = key_for(workspace)
    assert ApiClient(None).get("/prospects").status_code == 401
    assert ApiClient("brg_nonsense").get("/prospects").json()["code"] == "not_authenticated"
    ApiKey.objects.update(revoked_at=timezone.now())
    assert "revoked" in ApiClient(token).get("/prospects").json()["message"]
    ApiKey.objects.update(revoked_at=None, expires_at=timezone.now())
    assert "expired" in ApiClient(token).get("/prospects").json()["message"]


def test_a_key_over_its_rate_gets_429_with_retry_after(workspace, api, settings):
    settings.API_RATE_LIMIT = 3
    with time_machine.travel(timezone.now().replace(second=5), tick=False):
        answers = [api.get("/stages") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[-1].json()["code"] == "rate_limited"
    assert answers[-1]["Retry-After"] == "55"
    other = ApiClient(key_for(workspace, name="Other"))
    assert other.get("/stages").status_code == 200


def test_last_used_is_recorded(workspace, api):
    api.get("/workspace")
    assert ApiKey.objects.get().last_used_at is not None
