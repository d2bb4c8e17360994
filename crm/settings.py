"""Bridge settings: one module, every knob read from the environment.

The defaults run the embedded mode (SQLite, kombu's filesystem broker, mail
written to files) with nothing installed but Python. Production sets
DEBUG=false, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, CELERY_BROKER_URL and
EMAIL_URL (or an django-anymail EMAIL_BACKEND).
"""

import hashlib
import os
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# Runtime state of the embedded mode (SQLite file, broker folders, mail files).
VAR_DIR = Path(env.str("BRIDGE_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str(
    "SECRET_KEY",
    default="django-insecure-embedded-default-change-me-in-production-0123456789",
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "relationships.web.errors.csrf_failure"
# The public base URL used in emails (links, List-Unsubscribe).
SITE_URL = env.str("SITE_URL", default="http://localhost:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "anymail",
    "template_partials",
    # django-ninja serves the API docs' scripts from static files, not a CDN.
    "ninja",
    # Accounts (django-allauth): sign-up, email verification, throttled login, TOTP.
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "relationships",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Who acts, for the change record (relationships/history).
    "relationships.web.actor.ActorMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "crm.urls"
WSGI_APPLICATION = "crm.wsgi.application"
ASGI_APPLICATION = "crm.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "relationships.web.accounts.context.accounts",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'bridge.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web server, worker and beat share one file: WAL lets readers run beside
    # the writer, IMMEDIATE takes the write lock up front (no upgrade deadlock),
    # and the busy timeout waits for it instead of failing "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # A file, not :memory:, so a worker process started by a test can open it;
    # one per test run, so two runs side by side never share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-bridge-{os.getpid()}.sqlite3")}
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # One test database per checkout, so two clones' test runs on one server never meet.
    checkout = hashlib.sha1(str(BASE_DIR).encode()).hexdigest()[:8]
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{checkout}"}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://bridge")}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "coach:today"

# ---- Accounts and trust (django-allauth, django-csp, client addresses) -------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_ADAPTER = "relationships.web.accounts.adapter.AccountAdapter"
MFA_ADAPTER = "relationships.web.accounts.adapter.MFAAdapter"
# Public sign-up: a coach makes an account and their own workspace. Off, only invited
# people (and `manage.py create_workspace`) make accounts.
ALLOW_SIGNUP = env.bool("ALLOW_SIGNUP", default=True)
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False  # mail scanners follow links; a button confirms
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if not DEBUG else "http"
ACCOUNT_PASSWORD_INPUT_RENDER_VALUE = False
ACCOUNT_SESSION_REMEMBER = True
# Changing how you sign in asks for the password (or the authenticator's code) again.
ACCOUNT_REAUTHENTICATION_METHODS = ("password", "mfa")
# The lock. Per account ("key": the address or username typed) and per client address.
# LOGIN_LOCK_ATTEMPTS wrong passwords for one account within LOGIN_LOCK_SECONDS lock it
# for the rest of that time, right password or not.
LOGIN_LOCK_ATTEMPTS = env.int("LOGIN_LOCK_ATTEMPTS", default=5)
LOGIN_LOCK_SECONDS = env.int("LOGIN_LOCK_SECONDS", default=15 * 60)
ACCOUNT_RATE_LIMITS = {
    "login": env.str("RATE_LIMIT_LOGIN", default="30/m/ip"),
    "login_failed": f"20/m/ip,{LOGIN_LOCK_ATTEMPTS}/{LOGIN_LOCK_SECONDS}s/key",
    "signup": env.str("RATE_LIMIT_SIGNUP", default="10/h/ip"),
    "reset_password": env.str("RATE_LIMIT_RESET", default="10/h/ip,3/h/key"),
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Bridge"
MFA_RECOVERY_CODE_COUNT = 10
# The client address for rate limits: X-Forwarded-For is believed only from these
# proxies (addresses or networks, e.g. "10.0.0.0/8"), read from the right; or set
# TRUSTED_PROXY_COUNT to the number of proxies in front. Neither: REMOTE_ADDR only.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Content-Security-Policy (django-csp): no inline script, nothing from other origins.
# Inline style stays allowed: a workspace's brand colour and chart swatches are
# written into the page, and style cannot run script. Images may come over https: a
# coach's logo on their prospect pages lives on their own website.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "https:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT.mkdir(exist_ok=True)  # collectstatic fills it; WhiteNoise expects it to exist
WHITENOISE_USE_FINDERS = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Mail. EMAIL_URL (smtp://user:pass@host:587/?tls=True) configures SMTP; an
# explicit EMAIL_BACKEND wins (e.g. anymail.backends.postmark.EmailBackend).
# Embedded default: each message saved as an .eml file in var/mail, one line on the console.
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
if "EMAIL_URL" in env:
    globals().update(env.email_url("EMAIL_URL"))
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default=globals().get("EMAIL_BACKEND", "relationships.nurture.mail_backends.LocalMailBackend"),
)
# A send that hangs must give up well within a nurture lease (NURTURE_LEASE_SECONDS).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=globals().get("EMAIL_TIMEOUT") or 20)
# Provider webhooks (django-anymail) at /anymail/<esp>/tracking/ and /inbound/ are
# protected by HTTP basic auth with this "user:password"; by default one nobody knows.
ANYMAIL = {
    "WEBHOOK_SECRET": env.str(
        "ANYMAIL_WEBHOOK_SECRET",
        default="bridge:" + hashlib.sha256(SECRET_KEY.encode()).hexdigest()[:32],
    ),
}
# Whose webhooks /anymail/ takes ("postmark", "sendgrid", …): by default the provider of
# an anymail EMAIL_BACKEND. Every other provider's URL answers 404.
ANYMAIL_WEBHOOK_ESP = env.str("ANYMAIL_WEBHOOK_ESP", default="")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Bridge <bridge@localhost>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# Celery: filesystem broker by default, redis:// (or amqp://) in production.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
BROKER_DIR = VAR_DIR / "broker"
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
    if CELERY_BROKER_URL.startswith("filesystem")
    else {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)}
)
if CELERY_BROKER_URL.startswith("filesystem"):
    for folder in ("queue", "processed", "control"):
        (BROKER_DIR / folder).mkdir(parents=True, exist_ok=True)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "UTC"
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
# One message at a time per worker process: a long send batch never holds
# other batches hostage in its prefetch buffer.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_SEND_TASK_EVENTS = False
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "dispatch-due-deliveries": {
        "task": "relationships.tasks.dispatch_due",
        "schedule": env.float("NURTURE_DISPATCH_SECONDS", default=5.0),
    },
    "resume-due-revisits": {
        "task": "relationships.tasks.resume_due_revisits",
        "schedule": env.float("REVISIT_SWEEP_SECONDS", default=300.0),
    },
    "reminder-digests": {
        "task": "relationships.tasks.send_reminder_digests",
        "schedule": env.float("REMINDER_DIGEST_SWEEP_SECONDS", default=600.0),
    },
    "dispatch-webhooks": {
        "task": "relationships.tasks.dispatch_webhooks",
        "schedule": env.float("WEBHOOK_DISPATCH_SECONDS", default=5.0),
    },
    "prune-integrations": {
        "task": "relationships.tasks.prune_integrations",
        "schedule": env.float("INTEGRATIONS_PRUNE_SECONDS", default=3600.0),
    },
    "prune-transfers": {
        "task": "relationships.tasks.prune_transfers",
        "schedule": env.float("TRANSFERS_PRUNE_SECONDS", default=3600.0),
    },
}

# The nurture engine (relationships.nurture).
# 250 a batch spreads each batch's fixed costs (claim, loads, render, connection)
# while a batch still takes about a second.
NURTURE_BATCH_SIZE = env.int("NURTURE_BATCH_SIZE", default=250)
NURTURE_MAX_BATCHES_PER_TICK = env.int("NURTURE_MAX_BATCHES_PER_TICK", default=50)
# A claim is a lease that its send task renews as it goes, so it can be short: the rows of
# a task the broker lost (or a killed worker's) are due again about one lease later.
NURTURE_LEASE_SECONDS = env.int("NURTURE_LEASE_SECONDS", default=60)
# Claimed rows waiting for a worker hold a lease too: the dispatcher keeps no more in
# flight than the workers send in well under a lease, or leases expire in the queue.
NURTURE_MAX_IN_FLIGHT = env.int("NURTURE_MAX_IN_FLIGHT", default=10_000)
# Sends are recorded in groups of this size per worker (divided among a prefork pool's
# processes): a worker killed mid-batch re-sends at most one group. Smaller is fewer
# duplicates and slower (`manage.py benchmark --case record_group`).
NURTURE_RECORD_GROUP = env.int("NURTURE_RECORD_GROUP", default=25)
NURTURE_SEND_TIME_LIMIT = env.int("NURTURE_SEND_TIME_LIMIT", default=240)
NURTURE_MAX_ATTEMPTS = env.int("NURTURE_MAX_ATTEMPTS", default=6)
NURTURE_RETRY_BASE_SECONDS = env.int("NURTURE_RETRY_BASE_SECONDS", default=60)
# A delivery claimed a little after its window closed still goes out.
NURTURE_WINDOW_GRACE_SECONDS = env.int("NURTURE_WINDOW_GRACE_SECONDS", default=900)
# Open tracking is off by default: engagement is a signal, not surveillance.
NURTURE_TRACK_OPENS = env.bool("NURTURE_TRACK_OPENS", default=False)
# /health/ answers 503 when a due email has waited longer than this, or when more rows
# than this sit claimed past their lease (by a grace of two dispatcher ticks).
NURTURE_HEALTH_MAX_DUE_AGE_SECONDS = env.int("NURTURE_HEALTH_MAX_DUE_AGE_SECONDS", default=900)
NURTURE_HEALTH_MAX_EXPIRED_CLAIMS = env.int("NURTURE_HEALTH_MAX_EXPIRED_CLAIMS", default=0)

# The API (relationships.api) and webhooks (relationships.integrations).
# Requests per API key per minute; past it, 429 with Retry-After.
API_RATE_LIMIT = env.int("API_RATE_LIMIT", default=600)
API_RATE_PERIOD_SECONDS = 60
# How long an Idempotency-Key is remembered: a retry within it gets the first answer.
API_IDEMPOTENCY_HOURS = env.int("API_IDEMPOTENCY_HOURS", default=24)
# The webhook outbox is claimed like the email outbox: the lease outlasts the send task.
WEBHOOK_BATCH_SIZE = env.int("WEBHOOK_BATCH_SIZE", default=100)
WEBHOOK_MAX_BATCHES_PER_TICK = env.int("WEBHOOK_MAX_BATCHES_PER_TICK", default=20)
WEBHOOK_LEASE_SECONDS = env.int("WEBHOOK_LEASE_SECONDS", default=300)
WEBHOOK_SEND_TIME_LIMIT = env.int("WEBHOOK_SEND_TIME_LIMIT", default=240)
WEBHOOK_TIMEOUT_SECONDS = env.int("WEBHOOK_TIMEOUT_SECONDS", default=10)
WEBHOOK_MAX_ATTEMPTS = env.int("WEBHOOK_MAX_ATTEMPTS", default=8)
WEBHOOK_RETRY_BASE_SECONDS = env.int("WEBHOOK_RETRY_BASE_SECONDS", default=60)
WEBHOOK_RETRY_MAX_SECONDS = env.int("WEBHOOK_RETRY_MAX_SECONDS", default=3 * 3600)
# An endpoint is switched off (and the owners emailed) after this many failed requests
# in a row, failing for at least this long.
WEBHOOK_DISABLE_AFTER_FAILURES = env.int("WEBHOOK_DISABLE_AFTER_FAILURES", default=20)
WEBHOOK_DISABLE_AFTER_SECONDS = env.int("WEBHOOK_DISABLE_AFTER_SECONDS", default=24 * 3600)
# Production sends only to public addresses over https (relationships/integrations/
# addresses.py); a developer's machine may point a webhook at a local receiver.
WEBHOOK_ALLOW_PRIVATE_TARGETS = env.bool("WEBHOOK_ALLOW_PRIVATE_TARGETS", default=DEBUG)
WEBHOOK_REQUIRE_HTTPS = env.bool("WEBHOOK_REQUIRE_HTTPS", default=not DEBUG)

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# Value-first content check thresholds (relationships.content.check.Thresholds).
BRIDGE_CONTENT_CHECK = env.json("BRIDGE_CONTENT_CHECK", default={})

# Moving in and out (relationships.transfer, relationships.people.erasure).
# Uploaded imports and built exports live in MEDIA_ROOT (any Django storage will do).
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "media/"
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=50 * 1024 * 1024)
IMPORT_CHUNK_ROWS = env.int("IMPORT_CHUNK_ROWS", default=2000)
# On PostgreSQL a chunk's rows go in on a second connection while the chunk before commits.
IMPORT_PIPELINED = env.bool("IMPORT_PIPELINED", default=True)
# Double opt-in emails an import asks for go out at this pace, not all at once.
IMPORT_CONFIRM_PER_MINUTE = env.int("IMPORT_CONFIRM_PER_MINUTE", default=60)
IMPORT_TIME_LIMIT = env.int("IMPORT_TIME_LIMIT", default=3600)
EXPORT_LINK_DAYS = env.int("EXPORT_LINK_DAYS", default=7)
# Keys the hash of an erased address; keep it stable, or erased people could be imported again.
ERASURE_HASH_KEY = env.str("ERASURE_HASH_KEY", default=SECRET_KEY)
