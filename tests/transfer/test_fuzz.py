"""Hypothesis: whatever bytes a coach uploads, the import never crashes, never answers 500,
and never leaves part of a chunk written."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relationships.errors import BridgeError
from relationships.models import ImportRun, ImportStatus, Prospect, StageChange
from relationships.transfer import importing
from relationships.transfer.reading import ImportFileError, data_rows, sniff
from relationships.transfer.rows import Refused, prepare

CELL = st.one_of(
    st.text(max_size=30),
    st.emails(),
    st.sampled_from(["", " ", '"', "\n", ";", ",", "\t", "\x00", "é", "\ufeff", "a@b", "@"]),
)
ROWS = st.lists(st.lists(CELL, max_size=8), max_size=12)
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "latin-1"])


def as_csv(header: list[str], rows: list[list[str]], delimiter: str) -> str:
    import csv

    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


@given(data=st.binary(max_size=4096))
@settings(max_examples=300, deadline=None)
def test_any_bytes_are_read_or_refused_with_a_reason(data):
    handle = io.BytesIO(data)
    try:
        layout = sniff(handle, "list.csv")
        for _line, values in data_rows(handle, layout):
            assert isinstance(values, list)
    except ImportFileError as refusal:
        assert refusal.message and refusal.field == "file"


@given(
    header=st.lists(
        st.sampled_from(["Email", "Name", "Tags", "Stage", "Created", "x"]), max_size=6
    ),
    rows=ROWS,
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=ENCODINGS,
)
@settings(max_examples=150, deadline=None)
def test_any_table_is_read_or_refused(header, rows, delimiter, encoding):
    try:
        data = as_csv(header, rows, delimiter).encode(encoding)
    except UnicodeEncodeError:
        return
    handle = io.BytesIO(data)
    mapping = {"0": "email", "1": "name", "2": "tags", "3": "stage", "4": "created"}
    try:
        layout = sniff(handle, "l.csv")
        for line, values in data_rows(handle, layout):
            try:
                row = prepare(line, values, mapping)
            except Refused as refused:
                assert refused.reason
            else:
                assert "@" in row.email and row.name
    except ImportFileError as refusal:
        assert refusal.message


@pytest.mark.django_db(transaction=True)
@given(rows=ROWS)
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_an_import_of_any_rows_ends_whole_and_writes_whole_chunks(workspace, rows):
    text = as_csv(["Email", "Name", "Tags"], rows, ",")
    try:
        run = importing.start_import(
            workspace, upload=SimpleUploadedFile("l.csv", text.encode()), filename="l.csv", by=None
        )
        importing.configure_import(run, mapping=run.mapping, consent="track", by=None)
    except BridgeError as refusal:
        assert refusal.message
        assert not Prospect.objects.filter(workspace=workspace).exists()
        return
    importing.queue_import(run, by=None, send=False)
    run = importing.run_import(run.pk, chunk_rows=3)
    assert run.status == ImportStatus.DONE
    # Every row is accounted for, and each created prospect came with its stage change.
    assert run.created + run.updated + run.skipped + run.refused == run.rows_done
    created = Prospect.objects.filter(workspace=workspace)
    assert StageChange.objects.filter(prospect__in=created).count() == created.count()
    with transaction.atomic():
        Prospect.objects.filter(workspace=workspace).delete()
        ImportRun.objects.filter(workspace=workspace).delete()


@pytest.mark.django_db
@given(data=st.binary(max_size=2048))
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_upload_page_never_answers_500(client, workspace, data):
    from tests.transfer.test_pages import signed_in

    signed_in(client, workspace, "owner")
    response = client.post("/prospects/import/", {"file": SimpleUploadedFile("l.csv", data)})
    assert response.status_code in {302, 400}
