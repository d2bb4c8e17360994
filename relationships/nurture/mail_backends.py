"""The embedded mode's mail backend: every message to a file and to the console."""

from django.core.mail.backends.console import EmailBackend as ConsoleBackend
from django.core.mail.backends.filebased import EmailBackend as FileBackend


class FileAndConsoleBackend(FileBackend):
    """Writes each message to its own .log file in EMAIL_FILE_PATH and echoes it."""

    def send_messages(self, email_messages):
        sent = super().send_messages(email_messages)
        ConsoleBackend().send_messages(email_messages)
        return sent
