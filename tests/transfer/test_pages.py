"""The import steps, the exports, Your data, erasing and deleting, through the coach's pages."""

import csv
import io
import json
import os
import zipfile

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from relationships.models import (
    ExportRun,
    ExportStatus,
    ImportRun,
    ImportStatus,
    Prospect,
    Role,
    Workspace,
)
from relationships.people.prospects import create_prospect
from relationships.transfer import exporting, importing
from tests.support.factories import MembershipFactory, UserFactory, WorkspaceFactory
from tests.transfer.test_importing import MAILCHIMP

HTMX = {"HTTP_HX_REQUEST": "true"}


def signed_in(client, workspace, role):
    user = UserFactory(first_name="Olivia", last_name="Owner")
    MembershipFactory(user=user, workspace=workspace, role=role)
    client.force_login(user)
    return user


@pytest.fixture
def owner(client, workspace):
    return signed_in(client, workspace, Role.OWNER)


def upload(client, data: bytes, name="list.csv"):
    return client.post(reverse("coach:import_upload"), {"file": SimpleUploadedFile(name, data)})


@pytest.mark.django_db
def test_the_four_steps_import_a_list(client, workspace, owner, django_capture_on_commit_callbacks):
    response = upload(client, MAILCHIMP.encode())
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "coach:import_map", args=[run.pk]
    )
    page = client.get(response.url)
    assert page.status_code == 200
    assert b"ann@example.org" in page.content  # an example under its column
    form = {f"column_{i}": v for i, v in run.mapping.items()}
    response = client.post(
        reverse("coach:import_map", args=[run.pk]),
        {**form, "consent": "track", "duplicates": "skip"},
    )
    assert response.url == reverse("coach:import_preview", args=[run.pk])
    preview = client.get(response.url)
    assert preview.status_code == 200
    assert b"not a valid email" in preview.content
    assert not Prospect.objects.exists()
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(reverse("coach:import_preview", args=[run.pk]))
    assert response.url == reverse("coach:import_progress", args=[run.pk])
    assert len(callbacks) == 1  # the task is sent once the run is committed
    importing.run_import(run.pk)
    progress = client.get(response.url, **HTMX)
    assert progress.status_code == 200
    assert b"hx-trigger" not in progress.content  # finished: the polling stops
    assert b"Download the refused rows" in progress.content
    refused = client.get(reverse("coach:import_refused", args=[run.pk]))
    rows = list(csv.reader(io.StringIO(b"".join(refused.streaming_content).decode())))
    assert rows[0][:3] == ["Line", "Reason", "Email Address"]
    assert len(rows) == 3


@pytest.mark.django_db
def test_a_running_import_polls_and_can_be_cancelled(client, workspace, owner):
    run = importing.start_import(
        workspace,
        upload=SimpleUploadedFile("l.csv", b"email\na@example.org\n"),
        filename="l.csv",
        by=None,
    )
    importing.configure_import(run, mapping=run.mapping, consent="track", by=None)
    importing.queue_import(run, by=None, send=False)
    page = client.get(reverse("coach:import_progress", args=[run.pk]), **HTMX)
    assert b'hx-trigger="every 1s"' in page.content
    response = client.post(reverse("coach:import_cancel", args=[run.pk]), **HTMX)
    assert response.status_code == 200 and response["HX-Redirect"]
    run.refresh_from_db()
    assert run.status == ImportStatus.CANCELLED


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", b"The file is empty"),
        (os.urandom(20 * 2**20), b"binary data"),
        (b",".join([b"c"] * 200_000) + b"\nx\n", b"200,000 columns"),
    ],
)
def test_bad_files_get_a_clear_message_and_write_nothing(client, workspace, owner, data, message):
    response = upload(client, data)
    assert response.status_code == 400
    assert message in response.content
    assert not ImportRun.objects.exists()
    assert not Prospect.objects.exists()


@pytest.mark.django_db
def test_no_email_column_is_refused_on_step_two(client, workspace, owner):
    upload(client, b"Name,Phone\nAnn,1\n")
    run = ImportRun.objects.get()
    response = client.post(
        reverse("coach:import_map", args=[run.pk]),
        {"column_0": "name", "consent": "track", "duplicates": "skip"},
    )
    assert response.status_code == 400
    assert b"Choose the column that holds the email addresses" in response.content


@pytest.mark.django_db
def test_an_assistant_may_not_import(client, workspace):
    signed_in(client, workspace, Role.ASSISTANT)
    assert client.get(reverse("coach:import_upload")).status_code == 403


@pytest.mark.django_db
def test_another_workspaces_import_is_not_found(client, workspace, owner):
    other = importing.start_import(
        WorkspaceFactory(),
        upload=SimpleUploadedFile("l.csv", b"email\na@example.org\n"),
        filename="l.csv",
        by=None,
    )
    for name in ("import_map", "import_preview", "import_progress", "import_refused"):
        assert client.get(reverse(f"coach:{name}", args=[other.pk])).status_code == 404


@pytest.mark.django_db
def test_export_then_import_is_a_round_trip(client, workspace, owner):
    from relationships.transfer.exporting import prospects_csv

    importing_run = importing.start_import(
        workspace,
        upload=SimpleUploadedFile("l.csv", MAILCHIMP.encode()),
        filename="l.csv",
        by=None,
    )
    importing.configure_import(
        importing_run, mapping=importing_run.mapping, consent="track", by=None
    )
    importing.queue_import(importing_run, by=None, send=False)
    importing.run_import(importing_run.pk)
    response = client.get(reverse("coach:prospects_export"))
    exported = b"".join(response.streaming_content)
    assert response["Content-Disposition"].startswith("attachment")
    fresh = WorkspaceFactory()
    run = importing.start_import(
        fresh, upload=SimpleUploadedFile("e.csv", exported), filename="e.csv", by=None
    )
    importing.configure_import(run, mapping=run.mapping, consent="track", by=None)
    importing.queue_import(run, by=None, send=False)
    run = importing.run_import(run.pk)
    assert (run.created, run.refused) == (2, 0)
    again = "".join(prospects_csv(Prospect.objects.filter(workspace=fresh)))
    assert again.encode() == exported


@pytest.mark.django_db
def test_the_list_export_follows_the_filters(client, workspace, owner):
    create_prospect(workspace, name="Ann", email="ann@example.org")
    create_prospect(workspace, name="Bob", email="bob@example.org")
    response = client.get(reverse("coach:prospects_export"), {"q": "ann"})
    text = b"".join(response.streaming_content).decode()
    assert "ann@example.org" in text and "bob@example.org" not in text
    listing = client.get(reverse("coach:prospects"), {"q": "ann"}, **HTMX)
    assert b'id="prospects-export"' in listing.content and b"q=ann" in listing.content


@pytest.mark.django_db
def test_their_data_downloads_and_erase_asks_first(client, workspace, owner):
    ann = create_prospect(workspace, name="Ann Lee", email="ann@example.org")
    page = client.get(reverse("coach:prospect", args=[ann.pk]))
    assert b"Download their data" in page.content
    data = client.get(reverse("coach:prospect_data", args=[ann.pk]))
    assert json.loads(data.content)["prospect"]["email"] == "ann@example.org"
    refused = client.post(reverse("coach:prospect_erase", args=[ann.pk]), {})
    assert refused.status_code == 400 and Prospect.objects.filter(pk=ann.pk).exists()
    done = client.post(reverse("coach:prospect_erase", args=[ann.pk]), {"confirm": "on"})
    assert done.status_code == 302
    assert not Prospect.objects.filter(pk=ann.pk).exists()


@pytest.mark.django_db
def test_an_assistant_may_not_erase_and_other_workspaces_are_not_found(client, workspace):
    signed_in(client, workspace, Role.ASSISTANT)
    ann = create_prospect(workspace, name="Ann", email="ann@example.org")
    assert (
        client.post(reverse("coach:prospect_erase", args=[ann.pk]), {"confirm": "on"}).status_code
        == 403
    )
    stranger = create_prospect(WorkspaceFactory(), name="S", email="s@example.org")
    assert client.get(reverse("coach:prospect_data", args=[stranger.pk])).status_code == 404


@pytest.mark.django_db
def test_export_everything_mails_a_signed_link_that_downloads_the_zip(
    client, workspace, owner, django_capture_on_commit_callbacks
):
    create_prospect(workspace, name="Ann Lee", email="ann@example.org")
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("coach:export_request"))
    assert response.status_code == 302
    export = ExportRun.objects.get()
    mail.outbox.clear()
    exporting.build_export(export.pk)
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE
    link = mail.outbox[0].body.split("http://localhost:8000")[1].split()[0]
    download = client.get(link)
    assert download.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = set(archive.namelist())
    assert {"prospects.csv", "stage_changes.csv", "deliveries.csv", "workspace.json"} <= names
    whole = json.loads(archive.read("workspace.json"))
    assert whole["tables"]["prospects"][0]["email"] == "ann@example.org"
    assert whole["workspace"]["name"] == workspace.name
    assert client.get(link[:-3] + "xyz/").status_code == 404


@pytest.mark.django_db
def test_only_an_owner_exports_everything_or_deletes(client, workspace):
    signed_in(client, workspace, Role.COACH)
    assert client.post(reverse("coach:export_request")).status_code == 403
    assert client.get(reverse("coach:workspace_delete")).status_code == 403
    page = client.get(reverse("coach:your_data"))
    assert page.status_code == 200 and b"Only an owner can export" in page.content


@pytest.mark.django_db
def test_an_owner_deletes_the_workspace_by_typing_its_name(client, workspace, owner):
    create_prospect(workspace, name="Ann", email="ann@example.org")
    wrong = client.post(reverse("coach:workspace_delete"), {"confirm_name": "nope"})
    assert wrong.status_code == 400 and b"Nothing was deleted" in wrong.content
    done = client.post(reverse("coach:workspace_delete"), {"confirm_name": workspace.name})
    assert done.status_code == 302
    assert not Workspace.objects.filter(pk=workspace.pk).exists()


@pytest.mark.django_db
def test_old_exports_and_abandoned_uploads_are_pruned(workspace):
    import datetime

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.utils import timezone

    old = timezone.now() - datetime.timedelta(days=30)
    export = ExportRun.objects.create(workspace=workspace, status=ExportStatus.DONE)
    export.file.save("x.zip", ContentFile(b"zip"))
    upload_run = importing.start_import(
        workspace,
        upload=SimpleUploadedFile("l.csv", b"email\na@example.org\n"),
        filename="l.csv",
        by=None,
    )
    fresh = importing.start_import(
        workspace,
        upload=SimpleUploadedFile("m.csv", b"email\nb@example.org\n"),
        filename="m.csv",
        by=None,
    )
    ExportRun.objects.filter(pk=export.pk).update(created_at=old)
    ImportRun.objects.filter(pk=upload_run.pk).update(created_at=old)
    names = [export.file.name, upload_run.file.name]
    assert exporting.prune_transfers() == 2
    assert not any(default_storage.exists(name) for name in names)
    upload_run.refresh_from_db()
    assert upload_run.status == ImportStatus.CANCELLED and not upload_run.file
    fresh.refresh_from_db()
    assert fresh.file and default_storage.exists(fresh.file.name)


@pytest.mark.django_db
def test_a_formula_in_a_name_is_defused_in_the_export_and_comes_back_intact(
    client, workspace, owner
):
    from relationships.transfer.exporting import prospects_csv

    create_prospect(
        workspace, name='=HYPERLINK("http://evil.example","x")', email="eve@example.org"
    )
    exported = "".join(prospects_csv(Prospect.objects.filter(workspace=workspace)))
    assert "'=HYPERLINK" in exported
    fresh = WorkspaceFactory()
    run = importing.start_import(
        fresh, upload=SimpleUploadedFile("e.csv", exported.encode()), filename="e.csv", by=None
    )
    importing.configure_import(run, mapping=run.mapping, consent="track", by=None)
    importing.queue_import(run, by=None, send=False)
    importing.run_import(run.pk)
    assert Prospect.objects.get(workspace=fresh).name == '=HYPERLINK("http://evil.example","x")'


@pytest.mark.django_db
def test_the_pages_make_a_fixed_number_of_queries(
    client, workspace, owner, django_assert_num_queries
):
    runs = []
    for n in range(3):
        run = importing.start_import(
            workspace,
            upload=SimpleUploadedFile("l.csv", b"email\na@example.org\n"),
            filename=f"l{n}.csv",
            by=None,
        )
        runs.append(run)
    ExportRun.objects.create(workspace=workspace, requested_by=owner)
    ann = create_prospect(workspace, name="Ann", email="ann@example.org")
    # Session, user, memberships, then the page's own reads.
    with django_assert_num_queries(5):
        client.get(reverse("coach:your_data"))
    with django_assert_num_queries(4):
        client.get(reverse("coach:import_upload"))
    importing.configure_import(runs[0], mapping=runs[0].mapping, consent="track", by=None)
    importing.queue_import(runs[0], by=None, send=False)
    with django_assert_num_queries(4):
        client.get(reverse("coach:import_progress", args=[runs[0].pk]), **HTMX)
    # + the run, stages, tags, sequences, the rows' addresses and the erased hashes.
    with django_assert_num_queries(10):
        client.get(reverse("coach:import_preview", args=[runs[1].pk]))
    with django_assert_num_queries(4):
        client.get(reverse("coach:prospect_erase", args=[ann.pk]))
