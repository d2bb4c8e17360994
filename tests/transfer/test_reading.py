import io
import os

import pytest

from relationships.transfer.columns import guess_mapping
from relationships.transfer.reading import ImportFileError, count_rows, data_rows, sniff
from tests.transfer.helpers import xlsx


def rows_of(data: bytes, name="list.csv"):
    handle = io.BytesIO(data)
    layout = sniff(handle, name)
    return layout, list(data_rows(handle, layout))


@pytest.mark.parametrize(
    ("data", "delimiter"),
    [
        (b"Email,Name\r\na@example.org,Ann\r\n", ","),
        (b"\xef\xbb\xbfEmail;Name\na@example.org;Ann\n", ";"),
        (b"Email\tName\na@example.org\tAnn\n", "\t"),
    ],
)
def test_it_reads_the_separators_and_the_bom_the_usual_tools_write(data, delimiter):
    layout, rows = rows_of(data)
    assert layout.delimiter == delimiter
    assert layout.headers == ["Email", "Name"]
    assert rows == [(2, ["a@example.org", "Ann"])]


def test_it_detects_an_encoding_other_than_utf8():
    data = "Email;Name;Notes\nb@example.org;Zoë Müller;Très intéressée, à rappeler\n".encode(
        "cp1252"
    )
    layout, rows = rows_of(data * 1)
    assert layout.encoding.lower().replace("_", "") in {
        "cp1252",
        "windows1252",
        "latin1",
        "iso88591",
    }
    assert rows[0][1][1] == "Zoë Müller"


def test_quoted_newlines_stay_in_their_cell_and_blank_rows_are_left_out():
    data = b'Email,Notes\na@example.org,"line one\nline two"\n,\n\nb@example.org,x\n'
    _, rows = rows_of(data)
    assert rows == [(2, ["a@example.org", "line one\nline two"]), (5, ["b@example.org", "x"])]


def test_it_reads_the_first_sheet_of_an_xlsx_streaming():
    data = xlsx([["E-mail", "First Name", "Last Name"], ["a@example.org", "Ann", "Lee"], [None]])
    layout, rows = rows_of(data, "list.xlsx")
    assert layout.file_format == "xlsx"
    assert guess_mapping(layout.headers) == {"0": "email", "1": "first_name", "2": "last_name"}
    assert rows == [(2, ["a@example.org", "Ann", "Lee"])]
    assert count_rows(io.BytesIO(data), layout) == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty"),
        (b"  \n\n", "The file is empty"),
        (os.urandom(1 << 20), "binary"),
        (b",".join([b"col"] * 200_000) + b"\n", "200,000 columns"),
        (b"PK\x03\x04 not really a zip", "can't be opened"),
    ],
)
def test_a_file_that_is_not_a_list_is_refused_with_the_reason(data, message):
    with pytest.raises(ImportFileError, match=message) as refusal:
        sniff(io.BytesIO(data), "list.csv")
    assert refusal.value.field == "file"


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (
            ["Email Address", "First Name", "Last Name", "TAGS"],
            ["email", "first_name", "last_name", "tags"],
        ),
        (["E-mail", "Name", "Phone Number", "Lead Source"], ["email", "name", "phone", "source"]),
        (
            ["email", "Time zone", "Created At", "Notes", "Lifecycle Stage"],
            ["email", "timezone", "created", "notes", "stage"],
        ),
        (["Work Email", "Favourite colour"], ["email"]),
    ],
)
def test_it_guesses_the_columns_of_common_exports(headers, expected):
    assert list(guess_mapping(headers).values()) == expected
