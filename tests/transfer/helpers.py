import io

from django.core.files.base import ContentFile

from relationships.transfer import importing


def upload(text: str | bytes, name: str = "list.csv", encoding: str = "utf-8") -> ContentFile:
    data = text.encode(encoding) if isinstance(text, str) else text
    return ContentFile(data, name=name)


def xlsx(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def import_file(
    workspace,
    text,
    *,
    name="list.csv",
    consent="track",
    note="",
    duplicates="skip",
    mapping=None,
    chunk_rows=None,
):
    """Upload, configure with the guessed (or given) mapping and run inline."""
    run = importing.start_import(workspace, upload=upload(text, name), filename=name, by=None)
    importing.configure_import(
        run,
        mapping=mapping or run.mapping,
        consent=consent,
        consent_note=note,
        duplicates=duplicates,
        by=None,
    )
    importing.queue_import(run, by=None, send=False)
    return importing.run_import(run.pk, chunk_rows=chunk_rows)
