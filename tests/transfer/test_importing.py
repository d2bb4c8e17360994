import datetime
import uuid
from unittest import mock

import pytest
from django.core.files.storage import default_storage

from relationships.models import (
    Consent,
    Delivery,
    DeliveryKind,
    Enrollment,
    Event,
    EventType,
    ImportRun,
    ImportStatus,
    Prospect,
    Role,
    StageChange,
    StageKey,
    Tag,
)
from relationships.people.erasure import erase_prospect
from relationships.people.prospects import create_prospect
from relationships.transfer import importing
from relationships.transfer.importing import ImportChoiceError
from relationships.transfer.reading import ImportFileError
from relationships.workspaces.roles import RoleError
from tests.support.factories import MembershipFactory, ProspectFactory, SequenceFactory
from tests.transfer.helpers import import_file, upload

MAILCHIMP = (
    "Email Address,First Name,Last Name,TAGS,Lifecycle Stage,Phone,Notes\n"
    'ann@example.org,Ann,Lee,"workshop, vip",Exploring,+44 1,Met at the spring workshop\n'
    "BOB@example.org,Bob,Hall,workshop,Unknown stage,,\n"
    "not-an-email,Carl,Ray,,,,\n"
    ",Dee,Nash,,,,\n"
    "ann@EXAMPLE.org,Ann,Again,,,,\n"
)


@pytest.mark.django_db
def test_it_imports_a_realistic_export_and_reports_every_row(workspace):
    run = import_file(workspace, MAILCHIMP)
    assert run.status == ImportStatus.DONE
    assert (run.created, run.updated, run.skipped, run.refused) == (2, 0, 1, 2)
    ann = Prospect.objects.get(workspace=workspace, email="ann@example.org")
    assert ann.name == "Ann Lee"
    assert ann.stage.key == StageKey.EXPLORING
    assert ann.phone == "+44 1"
    assert sorted(t.name for t in ann.tags.all()) == ["vip", "workshop"]
    assert ann.interactions.get().summary == "Met at the spring workshop"
    assert ann.consent == Consent.PENDING
    bob = Prospect.objects.get(workspace=workspace, email="bob@example.org")
    assert bob.stage.key == StageKey.NEEDS_HELP
    assert Tag.objects.filter(workspace=workspace).count() == 2
    assert StageChange.objects.filter(prospect__workspace=workspace).count() == 2
    assert Event.objects.filter(type=EventType.PROSPECT_CREATED).count() == 2
    reasons = dict(run.refusals.values_list("line", "reason"))
    assert "not a valid email" in reasons[4]
    assert reasons[5] == "No email address."
    lines = list(importing.refusals_csv(run))
    assert lines[0].startswith("Line,Reason,Email Address")
    assert len(lines) == 3
    # Nobody imported is mailed before their consent is confirmed.
    assert not Delivery.objects.filter(workspace=workspace).exists()
    assert not run.file and not default_storage.exists(f"imports/{run.pk}")


@pytest.mark.django_db
def test_running_the_same_file_twice_creates_nothing_new(workspace):
    import_file(workspace, MAILCHIMP)
    again = import_file(workspace, MAILCHIMP)
    assert (again.created, again.skipped, again.refused) == (0, 3, 2)
    assert Prospect.objects.filter(workspace=workspace).count() == 2


@pytest.mark.django_db
def test_duplicates_across_chunks_are_found_too(workspace):
    text = "email,name\n" + "".join(f"p{n % 7}@example.org,P {n}\n" for n in range(30))
    run = import_file(workspace, text, chunk_rows=4)
    assert (run.created, run.skipped) == (7, 23)


@pytest.mark.django_db
def test_update_fills_only_blank_fields_and_never_consent(workspace):
    known = create_prospect(workspace, name="Ann Known", email="ann@example.org", source="Referral")
    known.consent = Consent.UNSUBSCRIBED
    known.save()
    run = import_file(
        workspace,
        "email,name,source,phone,time zone\nANN@example.org,Other,Ads,+1 5,Europe/Paris\n",
        consent="opted-in",
        note="My site",
        duplicates="update",
    )
    assert (run.created, run.updated) == (0, 1)
    known.refresh_from_db()
    assert (known.name, known.source, known.phone, known.timezone) == (
        "Ann Known",
        "Referral",
        "+1 5",
        "Europe/Paris",
    )
    assert known.consent == Consent.UNSUBSCRIBED


@pytest.mark.django_db
def test_an_erased_address_is_never_imported_again(workspace):
    zoe = create_prospect(workspace, name="Zoe", email="zoe@example.org")
    erase_prospect(zoe, by=None)
    run = import_file(workspace, "email,name\nZoe@Example.org,Zoe\n", consent="opted-in", note="x")
    assert (run.created, run.refused) == (0, 1)
    assert "asked to be erased" in run.refusals.get().reason
    assert not Prospect.objects.filter(workspace=workspace).exists()


@pytest.mark.django_db
def test_opted_in_people_join_their_stage_sequences(workspace):
    SequenceFactory(workspace=workspace)
    run = import_file(
        workspace,
        "email,name,opt-in date\na@example.org,A,2024-03-01\nb@example.org,B,\n",
        consent="opted-in",
    )
    assert run.created == 2
    a = Prospect.objects.get(email="a@example.org")
    b = Prospect.objects.get(email="b@example.org")
    assert a.consent == Consent.CONFIRMED and "2024-03-01" in a.consent_note
    # No date for B and no statement for the whole file: kept, not emailed.
    assert b.consent == Consent.PENDING
    assert Enrollment.objects.filter(prospect=a).count() == 1
    assert not Enrollment.objects.filter(prospect=b).exists()


@pytest.mark.django_db
def test_ask_them_to_confirm_queues_paced_double_opt_in_mail(workspace, settings):
    settings.IMPORT_CONFIRM_PER_MINUTE = 2
    SequenceFactory(workspace=workspace)
    text = "email\n" + "".join(f"p{n}@example.org\n" for n in range(4))
    import_file(workspace, text, consent="confirm")
    mails = list(Delivery.objects.filter(workspace=workspace).order_by("due_at"))
    assert {m.kind for m in mails} == {DeliveryKind.CONFIRM_SIGNUP}
    assert mails[-1].due_at - mails[0].due_at == datetime.timedelta(seconds=90)
    assert not Enrollment.objects.exists()
    assert set(Prospect.objects.values_list("consent", flat=True)) == {Consent.PENDING}


def queued(workspace, text):
    run = importing.start_import(workspace, upload=upload(text), filename="l.csv", by=None)
    importing.configure_import(run, mapping=run.mapping, consent="track", by=None)
    importing.queue_import(run, by=None, send=False)
    return run


def failing_on_the_second_chunk(error):
    real = importing.insert_prospects
    calls = []

    def create(*args, **kwargs):
        calls.append(1)
        created = real(*args, **kwargs)
        if len(calls) == 2:
            raise error
        return created

    return mock.patch.object(importing, "insert_prospects", create)


TEN = "email\n" + "".join(f"p{n}@example.org\n" for n in range(10))


@pytest.mark.django_db
def test_a_failing_chunk_writes_nothing_and_earlier_chunks_stay(workspace):
    run = queued(workspace, TEN)
    with failing_on_the_second_chunk(RuntimeError("bug")), pytest.raises(RuntimeError):
        importing.run_import(run.pk, chunk_rows=4)
    run.refresh_from_db()
    assert run.status == ImportStatus.FAILED and "after 4 rows" in run.error
    assert run.rows_done == 4 and run.created == 4
    assert Prospect.objects.filter(workspace=workspace).count() == 4
    # Importing the same file again adds the rest and nothing twice.
    again = importing.run_import(queued(workspace, TEN).pk, chunk_rows=4)
    assert (again.created, again.skipped) == (6, 4)


@pytest.mark.django_db
def test_a_killed_worker_s_run_resumes_after_the_last_whole_chunk(workspace):
    run = queued(workspace, TEN)
    with failing_on_the_second_chunk(SystemExit(1)), pytest.raises(SystemExit):
        importing.run_import(run.pk, chunk_rows=4)
    run.refresh_from_db()
    assert run.status == ImportStatus.RUNNING and run.rows_done == 4
    # The task is delivered again: it resumes, and writes no row twice.
    run = importing.run_import(run.pk, chunk_rows=4)
    assert run.status == ImportStatus.DONE
    assert (run.rows_done, run.created) == (10, 10)
    assert Prospect.objects.filter(workspace=workspace).count() == 10


@pytest.mark.django_db
def test_a_cancelled_run_stops_after_its_chunk(workspace):
    text = "email\n" + "".join(f"p{n}@example.org\n" for n in range(10))
    run = importing.start_import(workspace, upload=upload(text), filename="l.csv", by=None)
    importing.configure_import(run, mapping=run.mapping, consent="track", by=None)
    importing.queue_import(run, by=None, send=False)
    real = importing.write_chunk

    def cancel_after_first(run_, context, rows):
        real(run_, context, rows)
        ImportRun.objects.filter(pk=run_.pk).update(cancel_requested=True)

    with mock.patch.object(importing, "write_chunk", cancel_after_first):
        run = importing.run_import(run.pk, chunk_rows=3)
    assert run.status == ImportStatus.CANCELLED
    assert run.created == 3
    assert not run.file


@pytest.mark.django_db
def test_cancelling_before_a_worker_starts_writes_nothing(workspace):
    run = importing.start_import(
        workspace, upload=upload("email\na@example.org\n"), filename="l.csv", by=None
    )
    importing.configure_import(run, mapping=run.mapping, consent="track", by=None)
    importing.queue_import(run, by=None, send=False)
    importing.cancel_import(run, by=None)
    assert importing.run_import(run.pk).status == ImportStatus.CANCELLED
    assert not Prospect.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("mapping", "consent", "note", "message"),
    [
        ({"1": "name"}, "track", "", "email addresses"),
        ({"0": "email", "1": "email"}, "track", "", "one column only: Email"),
        ({"0": "email"}, "opted-in", "", "when or where they opted in"),
        ({"0": "email"}, "whatever", "", "how they agreed"),
    ],
)
def test_step_two_refuses_choices_that_cant_work(workspace, mapping, consent, note, message):
    run = importing.start_import(
        workspace, upload=upload("a,b\nx@example.org,X\n"), filename="l.csv", by=None
    )
    with pytest.raises(ImportChoiceError, match=message):
        importing.configure_import(
            run, mapping=mapping, consent=consent, consent_note=note, by=None
        )


@pytest.mark.django_db
def test_a_file_too_big_is_refused_before_it_is_kept(workspace, settings):
    settings.IMPORT_MAX_BYTES = 100
    with pytest.raises(ImportFileError, match="most Bridge takes"):
        importing.start_import(
            workspace, upload=upload("email\n" + "a@example.org\n" * 20), filename="l.csv", by=None
        )
    assert not ImportRun.objects.exists()


@pytest.mark.django_db
def test_an_assistant_may_not_import(workspace):
    assistant = MembershipFactory(workspace=workspace, role=Role.ASSISTANT)
    with pytest.raises(RoleError):
        importing.start_import(
            workspace, upload=upload("email\na@example.org\n"), filename="l.csv", by=assistant
        )


@pytest.mark.django_db
def test_the_preview_shows_rows_as_stored_and_writes_nothing(workspace):
    ProspectFactory(workspace=workspace, email="bob@example.org")
    run = importing.start_import(workspace, upload=upload(MAILCHIMP), filename="l.csv", by=None)
    importing.configure_import(run, mapping=run.mapping, consent="track", by=None)
    rows = importing.preview_import(run)
    assert [r.outcome for r in rows] == ["new", "skip", "refuse", "refuse", "skip"]
    assert rows[0].row.name == "Ann Lee" and rows[0].row.tags == ["workshop", "vip"]
    assert any("Same address as line 2" in p for p in rows[4].problems)
    assert Prospect.objects.filter(workspace=workspace).count() == 1
    assert not run.refusals.exists()


@pytest.mark.django_db
def test_the_command_imports_the_same_way(workspace, tmp_path):
    from django.core.management import call_command

    source = tmp_path / "list.csv"
    source.write_text(MAILCHIMP)
    refused = tmp_path / "refused.csv"
    from io import StringIO

    out = StringIO()
    call_command(
        "import_prospects",
        str(source),
        workspace=workspace.slug,
        refused_csv=str(refused),
        stdout=out,
    )
    assert out.getvalue().strip() == "2 created, 0 updated, 1 skipped, 2 refused"
    assert refused.read_text().count("\n") == 3


@pytest.mark.django_db
def test_the_created_event_shows_a_prospect_as_the_api_does(workspace):
    from relationships.integrations.representations import ProspectOut, as_data
    from relationships.models import WebhookDelivery, WebhookEndpoint

    WebhookEndpoint.objects.create(
        workspace=workspace, url="https://h.example.com/", events=["prospect.created"], secret="s"
    )
    import_file(workspace, MAILCHIMP)
    ann = Prospect.objects.get(email="ann@example.org")
    event = Event.objects.get(type=EventType.PROSPECT_CREATED, prospect=ann)
    assert event.data == {"prospect": as_data(ProspectOut, ann)}
    assert WebhookDelivery.objects.filter(event__type=EventType.PROSPECT_CREATED).count() == 2


@pytest.mark.django_db
def test_created_events_stay_exact_with_awkward_values(workspace):
    from relationships.integrations.representations import ProspectOut, as_data

    text = (
        "Email,Name,Tags,Stage,Time zone,Source,Created\n"
        'q@example.org,"Zoë ""Q"" O\'Neil \\ back",'
        '"Ünïcode, ""quoted"", a\\b",Exploring,Europe/Berlin,Web \t form,2024-03-05\n'
        "r@example.org,Ray,,,,,\n"
    )
    import_file(workspace, text)
    for prospect in Prospect.objects.filter(workspace=workspace):
        event = Event.objects.get(type=EventType.PROSPECT_CREATED, prospect=prospect)
        assert event.data == {"prospect": as_data(ProspectOut, prospect)}
        assert event.uid.version == 4 and event.uid.variant == uuid.RFC_4122
    q = Prospect.objects.get(email="q@example.org")
    assert q.name == 'Zoë "Q" O\'Neil \\ back' and q.stage.name == "Exploring"


@pytest.mark.django_db
def test_an_error_while_reading_ahead_fails_the_run_after_the_whole_chunks(workspace):
    import threading

    run = queued(workspace, TEN)
    real = importing.prepare

    def breaks_on_line_seven(line, values, mapping):
        if line == 7:
            raise RuntimeError("bad read")
        return real(line, values, mapping)

    with (
        mock.patch.object(importing, "prepare", breaks_on_line_seven),
        pytest.raises(RuntimeError, match="bad read"),
    ):
        importing.run_import(run.pk, chunk_rows=4)
    run.refresh_from_db()
    # Lines 2-5 were a whole chunk and stay; the chunk holding line 7 never started.
    assert run.status == ImportStatus.FAILED and "after 4 rows" in run.error
    assert Prospect.objects.filter(workspace=workspace).count() == 4
    assert not [t for t in threading.enumerate() if t.name == "import-read-ahead"]


@pytest.mark.django_db
def test_a_chunk_s_addresses_are_probed_even_in_a_workspace_new_since_analyze(workspace):
    """A first big import into a new workspace: the planner's statistics still say it is
    empty, and must not lead it to read the whole workspace for each address."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from relationships.transfer.writing import prospect_ids
    from tests.support.builders import prospects_for, workspace_for

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's planner")
    prospects_for(workspace_for("elsewhere"), 3000)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Prospect._meta.db_table}")
    prospects_for(workspace, 3000)
    with CaptureQueriesContext(connection) as queries:
        found = prospect_ids(workspace.pk, ["alex5@people.example", "nobody@example.org"])
    assert list(found) == ["alex5@people.example"]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + queries.captured_queries[-1]["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "prospect_email_once" in plan, plan
