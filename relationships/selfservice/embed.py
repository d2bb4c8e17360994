"""Where the sign-up form lives: the hosted page, and the snippets for a coach's site."""

import dataclasses
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils.html import escape

from relationships.models import (
    Workspace,
)

HONEYPOT = "website"


def signup_url(workspace: Workspace, *, absolute: bool = True) -> str:
    path = reverse("public:signup", kwargs={"slug": workspace.slug})
    return settings.SITE_URL + path if absolute else path


def signup_from_site_url(workspace: Workspace, *, absolute: bool = True) -> str:
    path = reverse("public:signup_from_site", kwargs={"slug": workspace.slug})
    return settings.SITE_URL + path if absolute else path


def allowed_origins(workspace: Workspace) -> list[str]:
    """The coach's websites that may frame the sign-up form ("https://www.example.com")."""
    origins = []
    for line in workspace.embed_origins.split():
        parts = urlsplit(line.strip())
        if parts.scheme in {"http", "https"} and parts.netloc:
            origins.append(f"{parts.scheme}://{parts.netloc}".lower())
    return origins


def frame_ancestors(workspace: Workspace) -> list[str]:
    """CSP frame-ancestors for the embeddable page: the coach's sites, or any web page."""
    origins = allowed_origins(workspace)
    return ["'self'", *origins] if origins else ["'self'", "http:", "https:"]


@dataclasses.dataclass(frozen=True)
class EmbedSnippets:
    page_url: str
    form_html: str
    iframe_html: str


def embed_snippets(workspace: Workspace) -> EmbedSnippets:
    """What a coach pastes into their own website: a plain form, or an iframe of the hosted page."""
    action = escape(signup_from_site_url(workspace))
    page = signup_url(workspace)
    title = escape(f"Sign up for emails from {workspace.name}")
    form = f"""<form action="{action}" method="post" accept-charset="utf-8">
  <p><label for="bridge-name">Your name</label><br>
    <input id="bridge-name" name="name" required maxlength="200" autocomplete="name"></p>
  <p><label for="bridge-email">Your email</label><br>
    <input id="bridge-email" name="email" type="email" required maxlength="254"
      autocomplete="email"></p>
  <p><label for="bridge-help">What would you like help with? (optional)</label><br>
    <textarea id="bridge-help" name="help" maxlength="2000" rows="3"></textarea></p>
  <div style="position:absolute;left:-10000px" aria-hidden="true">
    <label for="bridge-{HONEYPOT}">Leave this empty</label>
    <input id="bridge-{HONEYPOT}" name="{HONEYPOT}" tabindex="-1" autocomplete="off">
  </div>
  <p><button type="submit">Sign up</button></p>
</form>"""
    iframe = (
        f'<iframe src="{escape(page)}?embed=1" title="{title}" loading="lazy" '
        'style="width:100%;max-width:34rem;height:42rem;border:0"></iframe>'
    )
    return EmbedSnippets(page_url=page, form_html=form, iframe_html=iframe)
