"""Settings → API keys and Settings → Webhooks; every change is a service of integrations/."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from relationships.integrations.events import SUBSCRIBABLE
from relationships.integrations.keys import ApiKeyError, create_api_key, revoke_api_key
from relationships.integrations.webhooks import (
    WebhookError,
    add_endpoint,
    delete_endpoint,
    disable_endpoint,
    enable_endpoint,
    rotate_secret,
    send_test_event,
    update_endpoint,
)
from relationships.models import ApiKey, WebhookEndpoint
from relationships.web.coach.access import (
    forbidden,
    has_role,
    role_required,
    workspace_required,
)
from relationships.web.coach.forms.base import add_refusal
from relationships.web.coach.forms.integrations import ApiKeyForm, WebhookForm
from relationships.web.coach.pages import go, page
from relationships.web.coach.queries import integrations as queries
from relationships.workspaces import roles

API_KEYS = "coach/integrations/api_keys.html"
WEBHOOKS = "coach/integrations/webhooks.html"
WEBHOOK = "coach/integrations/webhook.html"


# ---- API keys --------------------------------------------------------------------------


def keys_context(request: HttpRequest, *, form=None, **extra) -> dict:
    return {
        "section": "settings",
        "tab": "api_keys",
        "keys": queries.api_keys(request.workspace),
        "form": form or ApiKeyForm(),
        "may_manage": has_role(request, roles.MANAGE_INTEGRATIONS),
        "docs_url": reverse("api-v1:openapi-view"),
        **extra,
    }


@require_safe
@workspace_required
@vary_on_headers("HX-Request")
def api_keys(request: HttpRequest) -> HttpResponse:
    return page(request, API_KEYS, keys_context(request), partial="keys")


@require_POST
@workspace_required
@role_required(roles.MANAGE_INTEGRATIONS, what="make an API key")
@vary_on_headers("HX-Request")
def api_key_create(request: HttpRequest) -> HttpResponse:
    """Make a key and show it this once: it is kept only as a hash."""
    form = ApiKeyForm(request.POST)
    if form.is_valid():
        try:
            new = create_api_key(
                request.workspace,
                name=form.cleaned_data["name"],
                access=form.cleaned_data["access"],
                expires_at=form.expires_at(),
                by=request.membership,
            )
        except ApiKeyError as error:
            add_refusal(form, error)
        else:
            context = keys_context(request, new_key=new.plaintext, new_name=new.key.name)
            return page(request, API_KEYS, context, partial="keys")
    return page(request, API_KEYS, keys_context(request, form=form), partial="keys", status=422)


@require_POST
@workspace_required
@role_required(roles.MANAGE_INTEGRATIONS, what="revoke an API key")
@vary_on_headers("HX-Request")
def api_key_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    key = get_object_or_404(ApiKey, pk=pk, workspace=request.workspace)
    key.workspace = request.workspace
    revoke_api_key(key, by=request.membership)
    notice = f"Revoked “{key.name}”: it no longer works."
    if request.htmx:
        return page(request, API_KEYS, keys_context(request, notice=notice), partial="keys")
    messages.success(request, notice)
    return redirect("coach:api_keys")


# ---- webhooks ----------------------------------------------------------------------------


def webhooks_context(request: HttpRequest, *, form=None) -> dict:
    return {
        "section": "settings",
        "tab": "webhooks",
        "endpoints": queries.endpoints(request.workspace),
        "form": form or WebhookForm(initial={"events": [e.value for e in SUBSCRIBABLE]}),
        "may_manage": has_role(request, roles.MANAGE_INTEGRATIONS),
    }


@require_safe
@workspace_required
def webhooks(request: HttpRequest) -> HttpResponse:
    return render(request, WEBHOOKS, webhooks_context(request))


@require_POST
@workspace_required
@role_required(roles.MANAGE_INTEGRATIONS, what="add a webhook")
def webhook_add(request: HttpRequest) -> HttpResponse:
    form = WebhookForm(request.POST)
    if form.is_valid():
        try:
            endpoint = add_endpoint(request.workspace, by=request.membership, **form.cleaned_data)
        except WebhookError as error:
            add_refusal(form, error)
        else:
            messages.success(
                request, "Added the endpoint. Verify each request with the signing secret below."
            )
            return go(request, reverse("coach:webhook", args=[endpoint.pk]))
    return render(request, WEBHOOKS, webhooks_context(request, form=form), status=422)


def get_endpoint(request: HttpRequest, pk: int) -> WebhookEndpoint:
    endpoint = get_object_or_404(WebhookEndpoint, pk=pk, workspace=request.workspace)
    endpoint.workspace = request.workspace
    return endpoint


def webhook_context(request: HttpRequest, endpoint: WebhookEndpoint, *, form=None) -> dict:
    initial = {"url": endpoint.url, "events": endpoint.events, "description": endpoint.description}
    return {
        "section": "settings",
        "tab": "webhooks",
        "endpoint": endpoint,
        "form": form or WebhookForm(initial=initial),
        "may_manage": has_role(request, roles.MANAGE_INTEGRATIONS),
        **log_context(endpoint),
    }


def log_context(endpoint: WebhookEndpoint) -> dict:
    return {"log": queries.endpoint_log(endpoint), "waiting": queries.waiting(endpoint)}


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_required
def webhook(request: HttpRequest, pk: int) -> HttpResponse:
    """One endpoint: what it gets and where, its secret, and its delivery log."""
    endpoint = get_endpoint(request, pk)
    if request.method != "POST":
        return render(request, WEBHOOK, webhook_context(request, endpoint))
    if not has_role(request, roles.MANAGE_INTEGRATIONS):
        who = roles.who_may(roles.POLICY[roles.MANAGE_INTEGRATIONS])
        return forbidden(request, what="change a webhook", who=who)
    form = WebhookForm(request.POST)
    if form.is_valid():
        try:
            update_endpoint(endpoint, by=request.membership, **form.cleaned_data)
        except WebhookError as error:
            add_refusal(form, error)
        else:
            messages.success(request, "Saved the endpoint.")
            return go(request, reverse("coach:webhook", args=[endpoint.pk]))
    return render(request, WEBHOOK, webhook_context(request, endpoint, form=form), status=422)


@require_safe
@workspace_required
def webhook_log(request: HttpRequest, pk: int) -> HttpResponse:
    """The log alone, which the page refreshes while events wait to go out."""
    endpoint = get_endpoint(request, pk)
    context = {"endpoint": endpoint, **log_context(endpoint)}
    return render(request, f"{WEBHOOK}#log", context)


def endpoint_action(action, *, what: str):
    """A button on an endpoint's page: run the service, come back to the page, say what."""

    @require_POST
    @workspace_required
    @role_required(roles.MANAGE_INTEGRATIONS, what=what)
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        endpoint = get_endpoint(request, pk)
        try:
            notice, url = action(request, endpoint)
        except WebhookError as error:
            messages.error(request, error.message)
            url = reverse("coach:webhook", args=[endpoint.pk])
        else:
            messages.success(request, notice)
        return go(request, url)

    return view


def test_endpoint(request, endpoint):
    send_test_event(endpoint, by=request.membership)
    return (
        "Queued a test event: its answer appears in the log below within seconds.",
        reverse("coach:webhook", args=[endpoint.pk]),
    )


def switch_endpoint(request, endpoint):
    here = reverse("coach:webhook", args=[endpoint.pk])
    if endpoint.enabled:
        cancelled = disable_endpoint(endpoint, by=request.membership)
        return f"Switched off; {cancelled} waiting events were cancelled.", here
    enable_endpoint(endpoint, by=request.membership)
    return "Switched on: new events go to it again.", here


def rotate_endpoint_secret(request, endpoint):
    rotate_secret(endpoint, by=request.membership)
    return (
        "Made a new signing secret: the old one no longer verifies.",
        reverse("coach:webhook", args=[endpoint.pk]),
    )


def delete_webhook(request, endpoint):
    delete_endpoint(endpoint, by=request.membership)
    return f"Deleted the endpoint {endpoint.url}.", reverse("coach:webhooks")


webhook_test = endpoint_action(test_endpoint, what="send a test event")
webhook_switch = endpoint_action(switch_endpoint, what="switch a webhook on or off")
webhook_secret = endpoint_action(rotate_endpoint_secret, what="make a new signing secret")
webhook_delete = endpoint_action(delete_webhook, what="delete a webhook")
