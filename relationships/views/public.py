"""The pages behind the links in every nurture email: no login, a signed token names the prospect.

A GET never changes anything: mail scanners and link previews fetch every
link in an email, so each page asks first and the button's POST acts. A bad
token gets a friendly 4xx page, never a 500 and never anyone else's data.
"""

import functools
import logging
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from .. import self_service
from ..errors import BridgeError
from ..links import prospect_links
from ..models import Prospect
from ..nurture.signals import record_open
from ..ratelimit import client_ip, hit
from ..tokens import BadToken, read_token

logger = logging.getLogger(__name__)

PUBLIC_POSTS_PER_MINUTE = 30

PublicView = Callable[[HttpRequest, Prospect], HttpResponse]


def over_limit(request: HttpRequest) -> bool:
    return request.method == "POST" and not hit(
        f"public-post:{client_ip(request)}", limit=PUBLIC_POSTS_PER_MINUTE
    )


def error_page(request: HttpRequest, kind: str, status: int) -> HttpResponse:
    response = render(request, "public/error.html", {"kind": kind}, status=status)
    if status == 429:
        response["Retry-After"] = "60"
    return response


def link_page(purpose: str, *, count_valid_posts: bool = True):
    """Turn a token into its prospect for the view, or answer with a friendly error page.

    count_valid_posts=False counts only POSTs with a bad token against the rate limit.
    """

    def decorator(view: PublicView) -> Callable[[HttpRequest, str], HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, token: str) -> HttpResponse:
            response = answer(request, token)
            # Personal pages: never cached by a browser or proxy, never indexed.
            add_never_cache_headers(response)
            response["X-Robots-Tag"] = "noindex, nofollow"
            return response

        def answer(request: HttpRequest, token: str) -> HttpResponse:
            if count_valid_posts and over_limit(request):
                return error_page(request, "busy", 429)
            try:
                prospect_id = read_token(token, purpose)
            except BadToken:
                if not count_valid_posts and over_limit(request):
                    return error_page(request, "busy", 429)
                return error_page(request, "bad", 400)
            prospect = (
                Prospect.objects.select_related("workspace", "stage").filter(pk=prospect_id).first()
            )
            if prospect is None:
                return error_page(request, "gone", 404)
            try:
                return view(request, prospect)
            except BridgeError:
                logger.exception("Public %s link for prospect %s refused", purpose, prospect.pk)
                return error_page(request, "problem", 409)

        return wrapped

    return decorator


def page_context(prospect: Prospect, **extra) -> dict:
    workspace = prospect.workspace
    links = prospect_links(prospect.pk)
    return {
        "workspace": workspace,
        "prospect": prospect,
        "coach": workspace.sender_name or workspace.name,
        "less_often_days": workspace.frequency_cap_days * self_service.LESS_OFTEN_SPACING,
        "not_now_months": self_service.NOT_NOW_MONTHS,
        "preferences": self_service.email_preferences(prospect),
        **links,
        **extra,
    }


# RFC 8058 one-click unsubscribe: mailbox providers POST "List-Unsubscribe=One-Click"
# here with no cookies, no CSRF token and no login, and must get a 200, never a
# redirect. Safe without CSRF: the signed token is the authority, and stopping
# mail is idempotent.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
# Unsubscribes arrive from the providers' servers, many people behind one address:
# a valid one is always honoured at once, only failed tokens count against the limit.
@link_page("unsubscribe", count_valid_posts=False)
def unsubscribe(request: HttpRequest, prospect: Prospect) -> HttpResponse:
    if request.method == "POST":
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        via = "one-click unsubscribe" if one_click else "unsubscribe page"
        self_service.stop(prospect, via=via)
        return render(request, "public/unsubscribe.html", page_context(prospect, done=True))
    return render(request, "public/unsubscribe.html", page_context(prospect))


@require_http_methods(["GET", "HEAD", "POST"])
@link_page("talk")
def talk(request: HttpRequest, prospect: Prospect) -> HttpResponse:
    if request.method == "POST":
        self_service.ask_to_talk(prospect, note=request.POST.get("note", ""))
        return render(request, "public/talk.html", page_context(prospect, done=True))
    return render(request, "public/talk.html", page_context(prospect))


@require_http_methods(["GET", "HEAD", "POST"])
@link_page("not_now")
def not_now(request: HttpRequest, prospect: Prospect) -> HttpResponse:
    if request.method == "POST":
        revisit = self_service.not_now(prospect)
        return render(
            request, "public/not_now.html", page_context(prospect, done=True, revisit=revisit)
        )
    revisit = self_service.revisit_date(prospect)
    return render(request, "public/not_now.html", page_context(prospect, revisit=revisit))


@require_http_methods(["GET", "HEAD", "POST"])
@link_page("less_often")
def less_often(request: HttpRequest, prospect: Prospect) -> HttpResponse:
    if request.method == "POST":
        self_service.less_often(prospect)
        return render(request, "public/less_often.html", page_context(prospect, done=True))
    return render(request, "public/less_often.html", page_context(prospect))


@require_safe
@link_page("preferences")
def preferences(request: HttpRequest, prospect: Prospect) -> HttpResponse:
    return render(request, "public/preferences.html", page_context(prospect))


# The smallest transparent GIF: what an email client fetches for the open pixel.
PIXEL = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00"
    b"\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


@require_safe
def opened(request: HttpRequest, token: str) -> HttpResponse:
    """Open tracking (off unless NURTURE_TRACK_OPENS): a signal for the coach, never a trigger.

    Always answers the pixel, whatever the token, so a bad one reveals nothing.
    """
    try:
        delivery_id = read_token(token, "open")
    except BadToken:
        delivery_id = None
    if delivery_id is not None and settings.NURTURE_TRACK_OPENS:
        record_open(delivery_id)
    response = HttpResponse(PIXEL, content_type="image/gif")
    add_never_cache_headers(response)
    return response
