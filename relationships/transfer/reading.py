"""Reading a list as the usual tools export it: CSV (any common encoding and separator,
quoted newlines) or .xlsx, streamed row by row so memory stays flat in the file's size.

Everything that makes a file unreadable is found here, before anything is written, and
said in words a coach can act on.
"""

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO

from charset_normalizer import from_bytes

from relationships.errors import BridgeError

# Far more than any export has; a row past it is someone's binary file, not a list.
MAX_COLUMNS = 200
# A cell longer than this is refused with its row (csv's own limit would raise mid-file).
MAX_CELL_CHARS = 10_000
SAMPLE_BYTES = 64 * 1024
XLSX_MAGIC = b"PK\x03\x04"
DELIMITERS = ",;\t|"

csv.field_size_limit(1_000_000)


class ImportFileError(BridgeError):
    """A file that can't be read as a list of people."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="file")


@dataclass
class Layout:
    """How a file is written: found once when it is uploaded, kept on the run."""

    file_format: str  # "csv" or "xlsx"
    encoding: str = ""
    delimiter: str = ""
    headers: list[str] = field(default_factory=list)


def sniff(handle: IO[bytes], filename: str = "") -> Layout:
    """Find the format, encoding, separator and headers, or refuse with the reason."""
    handle.seek(0)
    sample = handle.read(SAMPLE_BYTES)
    handle.seek(0)
    if not sample.strip():
        raise ImportFileError("The file is empty: export your list again and upload that file.")
    if sample.startswith(XLSX_MAGIC):
        return sniff_xlsx(handle)
    if filename.lower().endswith((".xls", ".numbers", ".ods")):
        raise ImportFileError(
            "Save the spreadsheet as .xlsx or as CSV first (File → Save as), then upload that."
        )
    encoding = detect_encoding(sample)
    text = sample.decode(encoding, errors="replace")
    delimiter = detect_delimiter(text)
    layout = Layout("csv", encoding=encoding, delimiter=delimiter)
    for headers in csv_rows(handle, layout):
        layout.headers = clean_headers(headers)
        break
    handle.seek(0)
    if not any(layout.headers):
        raise ImportFileError("The first row is empty: it should name the columns (Email, Name…).")
    return layout


def detect_encoding(sample: bytes) -> str:
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in sample:
        raise ImportFileError(
            "This doesn't look like a CSV or Excel file (it holds binary data). "
            "Export your list as CSV or .xlsx and upload that."
        )
    try:
        # A sample cut in the middle of a character still counts as UTF-8.
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(sample).best()
    if best is None:
        raise ImportFileError(
            "This doesn't look like a text file: export your list as CSV or .xlsx and upload that."
        )
    return best.encoding


def detect_delimiter(text: str) -> str:
    head = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(head, delimiters=DELIMITERS).delimiter
    except csv.Error:
        first = text.splitlines()[0] if text.splitlines() else ""
        counts = {d: first.count(d) for d in DELIMITERS}
        best = max(counts, key=counts.get)
        return best if counts[best] else ","


def clean_headers(headers: list[str]) -> list[str]:
    if len(headers) > MAX_COLUMNS:
        raise ImportFileError(
            f"The first row has {len(headers):,} columns; a list of people has at most "
            f"{MAX_COLUMNS}. Is this the right file?"
        )
    return [str(h or "").strip().lstrip("\ufeff")[:100] for h in headers]


def csv_rows(handle: IO[bytes], layout: Layout) -> Iterator[list[str]]:
    handle.seek(0)
    text = io.TextIOWrapper(handle, encoding=layout.encoding, errors="replace", newline="")
    try:
        yield from csv.reader(text, delimiter=layout.delimiter or ",")
    except csv.Error as error:
        raise ImportFileError(f"The file can't be read as CSV: {error}.") from None
    finally:
        # Hand the byte handle back to its owner, who closes it (unless it already did).
        if not text.closed:
            text.detach()


def sniff_xlsx(handle: IO[bytes]) -> Layout:
    layout = Layout("xlsx")
    for headers in xlsx_rows(handle):
        layout.headers = clean_headers(headers)
        break
    if not any(layout.headers):
        raise ImportFileError("The first sheet's first row is empty: it should name the columns.")
    return layout


def xlsx_rows(handle: IO[bytes]) -> Iterator[list[str]]:
    """The first sheet's rows, read-only and streaming (openpyxl never loads the sheet)."""
    from openpyxl import load_workbook

    handle.seek(0)
    try:
        book = load_workbook(handle, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ImportFileError(f"The spreadsheet can't be opened ({error}).") from None
    try:
        sheet = book.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            if len(row) > MAX_COLUMNS and any(row[MAX_COLUMNS:]):
                yield ["" if v is None else str(v) for v in row]
                continue
            yield ["" if value is None else cell_text(value) for value in row[:MAX_COLUMNS]]
    finally:
        book.close()


def cell_text(value) -> str:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def data_rows(handle: IO[bytes], layout: Layout) -> Iterator[tuple[int, list[str]]]:
    """(line number, values) of every row after the headers; blank rows left out."""
    rows = csv_rows(handle, layout) if layout.file_format == "csv" else xlsx_rows(handle)
    for line, values in enumerate(rows, start=1):
        if line == 1 or not any(v.strip() for v in values if v):
            continue
        yield line, values


def count_rows(handle: IO[bytes], layout: Layout) -> int:
    return sum(1 for _ in data_rows(handle, layout))
