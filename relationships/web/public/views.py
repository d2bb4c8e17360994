"""The pages prospects see: sign-up, and the links in every email. No login anywhere.

A signed, purpose-bound token in each link names the prospect. A GET never
changes anything (mail scanners and link previews fetch every link in an
email), so each page asks first and its button's POST acts. A bad, expired or
foreign token gets a friendly 4xx page, never a 500 and never anyone else's
data. Public POSTs are rate limited per client address and per prospect or
email address, carry a honeypot field, and keep Django's CSRF protection
except where it cannot work: the RFC 8058 one-click unsubscribe, and the
sign-up form embedded in a coach's own website (see signup_from_site).
"""

import datetime
import functools
import logging
from collections.abc import Callable
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from relationships.errors import BridgeError
from relationships.models import Consent, Prospect, Workspace
from relationships.nurture.signals import record_open
from relationships.people.prospects import normalize_email
from relationships.selfservice import actions as self_service
from relationships.selfservice import preferences as prefs
from relationships.selfservice import signup
from relationships.selfservice.embed import (
    HONEYPOT,
    allowed_origins,
    frame_ancestors,
    signup_from_site_url,
    signup_url,
)
from relationships.selfservice.links import prospect_links
from relationships.selfservice.tokens import BadToken, make_token, read_token
from relationships.selfservice.topics import topic_choices
from relationships.web.public.forms import (
    FrequencyForm,
    SignupForm,
    TalkForm,
    TopicsForm,
    WhereForm,
)
from relationships.web.public.queries import (
    coming_up,
    received,
    skipped_ahead,
    timezone_choices,
)
from relationships.web.ratelimit import address_key, client_ip, hit, within_limits
from relationships.workspaces.branding import branding

logger = logging.getLogger(__name__)


# Per client address, on every page behind an email link.
PUBLIC_POSTS_PER_MINUTE = 30


# Per prospect: one person's link, however many addresses it is posted from.
PROSPECT_POSTS_PER_MINUTE = 20


# Sign-ups: a workshop's shared Wi-Fi may sign up a room full of people at once;
# one email address is signed up a few times an hour at most.
SIGNUPS_PER_IP = 30


SIGNUP_IP_PERIOD = 600


SIGNUPS_PER_ADDRESS = 5


SIGNUP_ADDRESS_PERIOD = 3600


PublicView = Callable[[HttpRequest, Prospect], HttpResponse]


def over_limit(request: HttpRequest) -> bool:
    return request.method == "POST" and not hit(
        f"public-post:{client_ip(request)}", limit=PUBLIC_POSTS_PER_MINUTE
    )


def error_page(
    request: HttpRequest, kind: str, status: int, *, workspace: Workspace | None = None, **extra
) -> HttpResponse:
    context = {"kind": kind, "workspace": workspace, "brand": branding(workspace), **extra}
    response = render(request, "public/error.html", context, status=status)
    if status == 429:
        response["Retry-After"] = "60"
    return response


def private(response: HttpResponse) -> HttpResponse:
    """Personal pages: never cached by a browser or proxy, never indexed."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def link_page(
    purpose: str,
    *,
    count_valid_posts: bool = True,
    expired: Callable[[HttpRequest, str], HttpResponse | None] | None = None,
):
    """Turn a token into its prospect for the view, or answer with a friendly error page.

    count_valid_posts=False counts only POSTs with a bad token against the rate
    limits and ignores the honeypot (unsubscribing must always work at once).
    `expired` may offer a kinder page for a genuine link that is only too old.
    """

    def decorator(view: PublicView) -> Callable[[HttpRequest, str], HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, token: str) -> HttpResponse:
            return private(answer(request, token))

        def answer(request: HttpRequest, token: str) -> HttpResponse:
            if count_valid_posts and over_limit(request):
                return error_page(request, "busy", 429)
            try:
                prospect_id = read_token(token, purpose)
            except BadToken:
                if not count_valid_posts and over_limit(request):
                    return error_page(request, "busy", 429)
                kinder = expired(request, token) if expired else None
                return kinder or error_page(request, "bad", 400)
            prospect = (
                Prospect.objects.select_related("workspace", "stage").filter(pk=prospect_id).first()
            )
            if prospect is None:
                return error_page(request, "gone", 404)
            if request.method == "POST" and count_valid_posts:
                if not hit(f"public-post:prospect:{prospect.pk}", limit=PROSPECT_POSTS_PER_MINUTE):
                    return error_page(request, "busy", 429, workspace=prospect.workspace)
                if request.POST.get(HONEYPOT):
                    return error_page(request, "bad", 400, workspace=prospect.workspace)
            try:
                return view(request, prospect)
            except BridgeError:
                logger.exception("Public %s link for prospect %s refused", purpose, prospect.pk)
                return error_page(request, "problem", 409, workspace=prospect.workspace)

        return wrapped

    return decorator


def page_context(prospect: Prospect, **extra) -> dict:
    workspace = prospect.workspace
    links = prospect_links(prospect.pk)
    return {
        "workspace": workspace,
        "brand": branding(workspace),
        "prospect": prospect,
        "coach": workspace.sender_name or workspace.name,
        "zone": str(prospect.zone),
        "less_often_days": workspace.frequency_cap_days * self_service.LESS_OFTEN_SPACING,
        "normal_days": workspace.frequency_cap_days,
        "not_now_months": self_service.NOT_NOW_MONTHS,
        "preferences": self_service.email_preferences(prospect),
        "signup_url": signup_url(workspace, absolute=False),
        "coming_url": preferences_path("coming", prospect),
        "honeypot": HONEYPOT,
        **links,
        **extra,
    }


def preferences_path(name: str, prospect: Prospect) -> str:
    """A page of the preference center; they all take the "preferences" token."""
    return reverse(f"public:{name}", kwargs={"token": make_token(prospect.pk, "preferences")})


def keep_errors(form: forms.Form) -> dict[str, str]:
    """One message per field, for templates that lay out their own fields."""
    return {name: errors[0] for name, errors in form.errors.items()}


def find_workspace(slug: str) -> Workspace | None:
    return Workspace.objects.filter(slug=slug).first()


def frameable(response: HttpResponse, workspace: Workspace) -> HttpResponse:
    """Let the coach's website show this page in an iframe, and only the embeddable pages.

    The same as django's xframe_options_exempt, decided per response: the hosted
    page stays DENY unless asked for its ?embed=1 layout. CSP frame-ancestors
    names the sites that may frame it (Workspace.embed_origins; any site if blank); the
    rest of the site's policy (CONTENT_SECURITY_POLICY) still holds.
    """
    response.xframe_options_exempt = True
    response._csp_replace = {"frame-ancestors": frame_ancestors(workspace)}
    return response


def signup_context(workspace: Workspace, *, embed: bool, **extra) -> dict:
    return {
        "workspace": workspace,
        "brand": branding(workspace),
        "coach": workspace.sender_name or workspace.name,
        "embed": embed,
        "honeypot": HONEYPOT,
        # The embedded form can't carry our CSRF cookie (a third-party iframe), so it
        # posts where the coach's own website's form does.
        "action": signup_from_site_url(workspace, absolute=False) if embed else "",
        **extra,
    }


def handle_signup(
    request: HttpRequest, workspace: Workspace, *, embed: bool, source: str
) -> HttpResponse:
    """Validate, limit and sign up; every outcome answers with the same "check your inbox"."""
    if not within_limits((f"signup:ip:{client_ip(request)}", SIGNUPS_PER_IP, SIGNUP_IP_PERIOD)):
        return error_page(request, "busy", 429, workspace=workspace, embed=embed)
    form = SignupForm(request.POST)
    typed_email = normalize_email(request.POST.get("email", ""))[:254]
    if request.POST.get(HONEYPOT):
        # A bot filled the field people never see: it gets the same answer, and nothing happens.
        context = signup_context(workspace, embed=embed, email=typed_email)
        return render(request, "public/signup_done.html", context)
    if not form.is_valid():
        context = signup_context(workspace, embed=embed, form=form, errors=keep_errors(form))
        return render(request, "public/signup.html", context)
    email = normalize_email(form.cleaned_data["email"])
    address = (f"signup:address:{address_key(email)}", SIGNUPS_PER_ADDRESS, SIGNUP_ADDRESS_PERIOD)
    if not within_limits(address):
        return error_page(request, "busy", 429, workspace=workspace, embed=embed)
    outcome = signup.sign_up(
        workspace,
        name=form.cleaned_data["name"],
        email=email,
        help_request=form.cleaned_data["help"],
        timezone_name=form.cleaned_data["tz"],
        source=source,
    )
    logger.info("Sign-up for workspace %s: %s", workspace.pk, outcome)
    return render(
        request, "public/signup_done.html", signup_context(workspace, embed=embed, email=email)
    )


@require_http_methods(["GET", "HEAD", "POST"])
def signup_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The hosted sign-up page (CSRF-protected); ?embed=1 is its layout for an iframe."""
    workspace = find_workspace(slug)
    if workspace is None:
        return error_page(request, "no_page", 404)
    embed = request.GET.get("embed") == "1"
    if request.method == "POST":
        response = handle_signup(request, workspace, embed=False, source=signup.SIGNUP_SOURCE)
    else:
        response = render(request, "public/signup.html", signup_context(workspace, embed=embed))
    return frameable(response, workspace) if embed else response


# A plain HTML form on the coach's own website (or our page inside their iframe)
# posts here. It cannot carry our CSRF token, and a third-party iframe gets no
# cookies, so CSRF protection is off for this one endpoint. That is safe because
# a CSRF attack borrows the victim's session, and there is none here: a forged
# post can do only what anyone can do by typing an address into the form. What
# protects the address owner is double opt-in (one email, a link only they can
# follow, nothing else until they do), the re-send limit per address, the rate
# limits per client and per address, the honeypot, and the answer being the same
# for every address. When the coach lists their websites, posts that say they
# come from any other site are refused.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def signup_from_site(request: HttpRequest, slug: str) -> HttpResponse:
    workspace = find_workspace(slug)
    if workspace is None:
        return error_page(request, "no_page", 404)
    if request.method != "POST":
        # Someone who came back here (the back button, a bookmark) gets the form itself.
        return HttpResponseRedirect(signup_url(workspace, absolute=False))
    embed = request.POST.get("embed") == "1"
    if not origin_allowed(request, workspace):
        response = error_page(request, "not_allowed", 403, workspace=workspace, embed=embed)
    else:
        source = signup.SIGNUP_SOURCE if embed else "Website sign-up form"
        response = handle_signup(request, workspace, embed=embed, source=source)
    return frameable(response, workspace) if embed else response


def origin_allowed(request: HttpRequest, workspace: Workspace) -> bool:
    allowed = allowed_origins(workspace)
    origin = request.META.get("HTTP_ORIGIN", "").lower()
    if not allowed or not origin:
        return True
    site = urlsplit(settings.SITE_URL)
    own = {f"{site.scheme}://{site.netloc}".lower(), f"{request.scheme}://{request.get_host()}"}
    return origin in allowed or origin in own


def expired_confirmation(request: HttpRequest, token: str) -> HttpResponse | None:
    prospect = signup.expired_confirmation(token)
    if prospect is None:
        return None
    if prospect.consent == Consent.CONFIRMED:
        # Their own, genuine link: an old one needs no renewing once they are in.
        return render(request, "public/confirm.html", page_context(prospect))
    return error_page(
        request,
        "expired",
        400,
        workspace=prospect.workspace,
        signup_url=signup_url(prospect.workspace, absolute=False),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@link_page("confirm", expired=expired_confirmation)
def confirm_signup(request: HttpRequest, prospect: Prospect) -> HttpResponse:
    if request.method == "POST":
        signup.confirm_signup(prospect)
        return render(request, "public/confirm.html", page_context(prospect, done=True))
    return render(request, "public/confirm.html", page_context(prospect))


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


def talk_context(prospect: Prospect, form: forms.Form | None = None, **extra) -> dict:
    return page_context(
        prospect,
        form=form,
        errors=keep_errors(form) if form is not None else {},
        timezones=timezone_choices(),
        chosen_zone=(form.data.get("timezone") if form is not None else "") or str(prospect.zone),
        # Suggest their device's time zone only until they (or a form they sent) said one.
        zone_is_theirs=bool(prospect.timezone) or form is not None,
        **extra,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@link_page("talk")
def talk(request: HttpRequest, prospect: Prospect) -> HttpResponse:
    if request.method == "POST":
        form = TalkForm(request.POST)
        if not form.is_valid():
            return render(request, "public/talk.html", talk_context(prospect, form))
        self_service.request_talk(
            prospect,
            about=form.cleaned_data["note"],
            times=form.cleaned_data["times"],
            timezone_name=form.cleaned_data["timezone"],
        )
        prospect.refresh_from_db()
        return render(request, "public/talk.html", talk_context(prospect, done=True))
    return render(request, "public/talk.html", talk_context(prospect))


@require_http_methods(["GET", "HEAD", "POST"])
@link_page("where")
def where(request: HttpRequest, prospect: Prospect) -> HttpResponse:
    choices = self_service.READINESS
    if request.method == "POST":
        form = WhereForm(request.POST)
        if not form.is_valid():
            context = talk_context(prospect, form, choices=choices, current="")
            return render(request, "public/where.html", context)
        answer = form.cleaned_data["answer"]
        self_service.declare_readiness(
            prospect,
            answer=answer,
            about=form.cleaned_data["note"],
            times=form.cleaned_data["times"],
            timezone_name=form.cleaned_data["timezone"],
        )
        prospect.refresh_from_db()
        context = talk_context(prospect, choices=choices, done=answer)
        return render(request, "public/where.html", context)
    current = self_service.current_readiness(prospect)
    context = talk_context(prospect, choices=choices, current=current)
    return render(request, "public/where.html", context)


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


def preferences_context(prospect: Prospect, **extra) -> dict:
    today = timezone.localdate(timezone=prospect.zone)
    paused_by_them = self_service.paused_by_them_until(prospect)
    if paused_by_them:
        frequency = prefs.PAUSE
    elif prospect.nurture_spacing >= self_service.LESS_OFTEN_SPACING:
        frequency = prefs.LESS
    else:
        frequency = prefs.NORMAL
    extra.setdefault("frequency", frequency)
    extra.setdefault("until", paused_by_them.isoformat() if paused_by_them else "")
    return page_context(
        prospect,
        topics=topic_choices(prospect),
        min_until=(today + datetime.timedelta(days=1)).isoformat(),
        max_until=(today + prefs.LONGEST_PAUSE).isoformat(),
        frequency_url=preferences_path("preferences_frequency", prospect),
        topics_url=preferences_path("preferences_topics", prospect),
        **extra,
    )


@require_safe
@link_page("preferences")
def preferences(request: HttpRequest, prospect: Prospect) -> HttpResponse:
    saved = request.GET.get("saved", "")
    return render(
        request,
        "public/preferences.html",
        preferences_context(prospect, saved=saved if saved in {"frequency", "topics"} else ""),
    )


def back_to(name: str, prospect: Prospect, **query: str) -> HttpResponseRedirect:
    """After a preference is saved: back to the page, so a reload does not post again."""
    path = preferences_path(name, prospect)
    suffix = "&".join(f"{key}={value}" for key, value in query.items())
    return HttpResponseRedirect(f"{path}?{suffix}" if suffix else path)


@require_POST
@link_page("preferences")
def preferences_frequency(request: HttpRequest, prospect: Prospect) -> HttpResponse:
    form = FrequencyForm(request.POST)
    if form.is_valid():
        try:
            prefs.set_frequency(
                prospect, choice=form.cleaned_data["frequency"], until=form.cleaned_data["until"]
            )
        except BridgeError as refused:
            form.add_error(refused.field if refused.field in form.fields else None, refused.message)
        else:
            return back_to("preferences", prospect, saved="frequency")
    context = preferences_context(
        prospect,
        errors=keep_errors(form),
        frequency=request.POST.get("frequency", ""),
        until=request.POST.get("until", "")[:20],
    )
    return render(request, "public/preferences.html", context)


@require_POST
@link_page("preferences")
def preferences_topics(request: HttpRequest, prospect: Prospect) -> HttpResponse:
    offered = [t.name for t in topic_choices(prospect)]
    form = TopicsForm(request.POST, topics=offered)
    wanted = form.cleaned_data["topics"] if form.is_valid() else []
    if not form.is_valid():
        # Only names we never offered fail here: keep the ones we did.
        wanted = [t for t in request.POST.getlist("topics") if t in offered]
    prefs.set_topics(prospect, wanted=wanted)
    return back_to("preferences", prospect, saved="topics")


@require_http_methods(["GET", "HEAD", "POST"])
@link_page("preferences")
def coming(request: HttpRequest, prospect: Prospect) -> HttpResponse:
    """What's coming next (with "skip this one") and what they had (with "was this useful?")."""
    if request.method == "POST":
        delivery_id = parse_id(
            request.POST.get("skip") or request.POST.get("unskip") or request.POST.get("delivery")
        )
        if delivery_id is None:
            return error_page(request, "bad", 400, workspace=prospect.workspace)
        try:
            if "skip" in request.POST:
                skipped = prefs.skip_delivery(prospect, delivery_id)
                return back_to("coming", prospect, done="skipped" if skipped else "too_late")
            if "unskip" in request.POST:
                back = prefs.unskip_delivery(prospect, delivery_id)
                return back_to("coming", prospect, done="unskipped" if back else "gone")
            useful = request.POST.get("useful")
            if useful not in {"yes", "no"}:
                return error_page(request, "bad", 400, workspace=prospect.workspace)
            prefs.record_useful(prospect, delivery_id, useful=useful == "yes")
        except prefs.NotTheirs:
            return error_page(request, "no_email", 404, workspace=prospect.workspace)
        return back_to("coming", prospect, done="thanks")
    done = request.GET.get("done", "")
    context = page_context(
        prospect,
        upcoming=coming_up(prospect),
        skipped=skipped_ahead(prospect),
        had=received(prospect),
        done=done if done in {"skipped", "too_late", "thanks", "unskipped", "gone"} else "",
    )
    return render(request, "public/coming.html", context)


def parse_id(value: str | None) -> int | None:
    if not value or not value.isascii() or not value.isdigit() or len(value) > 18:
        return None
    return int(value)


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
