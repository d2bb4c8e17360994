"""The local run's mail: one .eml file per message, one line on the console, a Sent mail page."""

import email
import email.policy
import io

import pytest
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from relationships.nurture.mail_backends import LocalMailBackend, one_sent_mail, sent_mail


def send(folder, stream, count=2):
    backend = LocalMailBackend(file_path=str(folder), stream=stream)
    messages = []
    for number in range(count):
        message = EmailMultiAlternatives(
            subject=f"Hello {number}",
            body=f"Plain words {number}.",
            from_email="Sam <sam@example.org>",
            to=[f"ana{number}@example.org"],
        )
        message.attach_alternative(
            f"<html><body><p>Rich words {number}.</p></body></html>", "text/html"
        )
        messages.append(message)
    return backend.send_messages(messages)


def test_each_message_is_an_eml_file_and_one_console_line(tmp_path):
    # Issue 15, defect 13: `make run` printed each email's full HTML to the console.
    stream = io.StringIO()
    assert send(tmp_path, stream) == 2
    files = sorted(tmp_path.glob("*.eml"))
    assert len(files) == 2
    parsed = email.message_from_bytes(files[0].read_bytes(), policy=email.policy.default)
    assert parsed["Subject"] == "Hello 0"
    assert "Rich words 0." in parsed.get_body(preferencelist=("html",)).get_content()
    lines = stream.getvalue().splitlines()
    assert lines == ["  mail → ana0@example.org: Hello 0", "  mail → ana1@example.org: Hello 1"]
    assert "<html" not in stream.getvalue()


def test_sent_mail_reads_them_back_newest_first_and_only_ours(tmp_path):
    send(tmp_path, io.StringIO())
    listed = sent_mail(tmp_path)
    assert [m.subject for m in listed] == ["Hello 1", "Hello 0"]
    assert listed[0].text.strip() == "Plain words 1." and "Rich words 1." in listed[0].html
    (tmp_path / "notes.txt").write_text("not mail")
    assert one_sent_mail("notes.txt", tmp_path) is None
    assert one_sent_mail("../../etc/passwd", tmp_path) is None
    assert one_sent_mail(listed[0].name, tmp_path).subject == "Hello 1"


@pytest.fixture
def mail_folder(tmp_path, settings):
    settings.EMAIL_FILE_PATH = str(tmp_path)
    settings.DEBUG = True
    send(tmp_path, io.StringIO())
    return tmp_path


def test_the_sent_mail_page_lists_and_shows_them_when_running_locally(client, coach, mail_folder):
    client.force_login(coach)
    page = client.get(reverse("coach:sent_mail")).content.decode()
    assert page.index("Hello 1") < page.index("Hello 0")
    name = sent_mail(mail_folder)[0].name
    detail = client.get(reverse("coach:sent_mail_message", args=[name])).content.decode()
    assert "Plain words 1." in detail and reverse("coach:sent_mail_html", args=[name]) in detail
    html = client.get(reverse("coach:sent_mail_html", args=[name]))
    assert b"Rich words 1." in html.content
    assert html["Content-Security-Policy"].startswith("default-src 'none'")
    assert html["X-Frame-Options"] == "SAMEORIGIN"


def test_the_sent_mail_page_is_not_there_in_production(client, coach, mail_folder, settings):
    settings.DEBUG = False
    client.force_login(coach)
    assert client.get(reverse("coach:sent_mail")).status_code == 404
    name = sent_mail(mail_folder)[0].name
    assert client.get(reverse("coach:sent_mail_html", args=[name])).status_code == 404
