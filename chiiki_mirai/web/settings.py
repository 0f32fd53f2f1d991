"""Django settings. SQLite in ``var/`` by default (nothing to start); PostgreSQL through ``DATABASE_URL``.

Production sets ``CHIIKI_MIRAI_DEBUG=0``, ``CHIIKI_MIRAI_SECRET_KEY`` and ``CHIIKI_MIRAI_ALLOWED_HOSTS``; the
secure cookie and HSTS settings follow from DEBUG being off.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parents[2]
VAR_DIR = Path(os.environ.get("CHIIKI_MIRAI_VAR", BASE_DIR / "var"))


def _secret_key() -> str:
    """From the environment, else one generated on first start and kept in var/ (never committed)."""
    if key := os.environ.get("CHIIKI_MIRAI_SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("CHIIKI_MIRAI_DEBUG", "1") == "1"
ALLOWED_HOSTS = os.environ.get("CHIIKI_MIRAI_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    "chiiki_mirai.web",
    "chiiki_mirai.organisations",
    "chiiki_mirai.workflow",
    "chiiki_mirai.portal",
    "chiiki_mirai.analytics",
    "chiiki_mirai.monitoring",
    "chiiki_mirai.formulation",
    "django_tasks_db",
]

# Background work (rebuilding the national figures) goes through Django's tasks framework to a queue kept in the
# database: no broker to run; `manage.py db_worker` executes it (scripts/run starts one beside the server).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

MIDDLEWARE = [
    "chiiki_mirai.web.observability.RequestLogMiddleware",
    "chiiki_mirai.web.limits.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # In production, static files from the application itself (compressed, hashed names, a year's cache): no web
    # server needed. In development runserver serves them from the apps.
    *([] if DEBUG else ["whitenoise.middleware.WhiteNoiseMiddleware"]),
    "django.contrib.sessions.middleware.SessionMiddleware",
    "chiiki_mirai.web.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "chiiki_mirai.web.headers.PrivatePagesMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

# Content-Security-Policy (Django 6's own), in every mode: scripts only from this site (htmx, with the request's
# nonce; no inline script anywhere), nothing framed, posted or loaded elsewhere. Styles allow inline because the
# charts (SVG) and the print page's running header carry them; a style cannot run code.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

ROOT_URLCONF = "chiiki_mirai.web.urls"
WSGI_APPLICATION = "chiiki_mirai.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "chiiki_mirai.web.context.person",
                "django.template.context_processors.csp",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'chiiki-mirai.sqlite3'}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Tests on SQLite use a file, not memory: the browser tests' live server then has its own connection.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-chiiki-mirai.sqlite3")}
    # Several requests at once (threads, gunicorn workers): readers never wait for a writer (WAL), a write
    # transaction takes the lock when it begins (IMMEDIATE: no "database is locked" half-way through a save), and a
    # writer waits up to 20 s for another instead of failing — so of two saves from one version, one succeeds and
    # the other meets the compare-and-set and gets 409 with the difference.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif os.environ.get("CHIIKI_MIRAI_DB_POOL") == "1":
    # PostgreSQL's connections kept in a pool per worker process (Django's psycopg pool; persistent connections are
    # then off): for many threads or short requests. Its size: CHIIKI_MIRAI_DB_POOL_MAX (default 8).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "pool": {
            "min_size": 1,
            "max_size": int(os.environ.get("CHIIKI_MIRAI_DB_POOL_MAX", "8")),
            "timeout": 10,
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workflow:home"
LOGOUT_REDIRECT_URL = "portal:home"

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "chiiki_mirai" / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("CHIIKI_MIRAI_STATIC_ROOT", VAR_DIR / "static"))
# In production the collected files carry their content's hash in their names, so browsers may keep them a year
# (WhiteNoise); in development Django serves them from the apps as they are.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Behind a reverse proxy or load balancer that ends TLS (docs/deployment.md): it tells the scheme in X-Forwarded-Proto,
# and appends the client's address to X-Forwarded-For; PROXY_HOPS says how many such proxies stand in front, so the
# sign-in throttle counts the person's address, not the proxy's.
if os.environ.get("CHIIKI_MIRAI_BEHIND_PROXY") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
PROXY_HOPS = int(
    os.environ.get(
        "CHIIKI_MIRAI_PROXY_HOPS", "1" if os.environ.get("CHIIKI_MIRAI_BEHIND_PROXY") == "1" else "0"
    )
)
#: scripts/serve refuses only-local ALLOWED_HOSTS unless told this machine is the whole service (tests, a trial).
ALLOW_LOCAL_ONLY = os.environ.get("CHIIKI_MIRAI_LOCAL_ONLY", "0") == "1"
#: /readyz: a task waiting longer than this means the background worker is not running.
WORKER_READY_WINDOW_SECONDS = int(os.environ.get("CHIIKI_MIRAI_WORKER_WINDOW", "120"))

# Uploads: a plan is a few hundred KB at most; 5 MB matches the command line's limit for plan files.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 60 * 60  # a working day
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = os.environ.get("CHIIKI_MIRAI_SSL_REDIRECT", "1") == "1"
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True

# Deployment checks (manage.py check --deploy, run by scripts/serve) silenced here, each for a stated reason:
SILENCED_SYSTEM_CHECKS = [
    # HSTS preload commits the whole domain (a ministry's) to HTTPS in browsers' lists: the domain owner's decision.
    "security.W021",
]
if os.environ.get("CHIIKI_MIRAI_SSL_REDIRECT", "1") != "1":
    # Set only where TLS ends at a reverse proxy or load balancer that redirects to HTTPS itself (docs/deployment.md).
    SILENCED_SYSTEM_CHECKS.append("security.W008")
if os.environ.get("CHIIKI_MIRAI_MAIL_CONSOLE") == "1":
    # The operator chose to print report requests to the log instead of sending them (a trial without SMTP).
    SILENCED_SYSTEM_CHECKS.append("mail.E001")

# Caches. "default" is one for every worker and host: the database (nothing to start; `manage.py createcachetable`),
# or Redis through Django's own backend when CHIIKI_MIRAI_REDIS_URL is set. "pages" keeps the portal's rendered public
# pages (portal/caching.py): their keys carry the version of the published set, so every worker shows a publication
# at once whatever cache holds them; with Redis they are shared, without it each process keeps its own in memory —
# a database cache would add a write per distinct page to the database the pages are computed from (measured in
# benchmarks/RESULTS.md: slower than rendering them again).
_REDIS_URL = os.environ.get("CHIIKI_MIRAI_REDIS_URL")
_SHARED = (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _REDIS_URL}
    if _REDIS_URL
    else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "chiiki_mirai_cache"}
)
CACHES = {
    "default": _SHARED,
    "pages": _SHARED if _REDIS_URL else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}

# One JSON line per request and per background task on standard output (web/observability.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "chiiki_mirai.web.observability.JsonLines"}},
    "handlers": {
        "stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"}
    },
    "loggers": {
        "chiiki_mirai": {"handlers": ["stdout"], "level": os.environ.get("CHIIKI_MIRAI_LOG_LEVEL", "INFO")},
        "django": {"handlers": ["stdout"], "level": "WARNING"},
    },
}

#: Login throttling (web/login.py): failures within the window, counted in the database for every worker.
LOGIN_FAILURE_LIMIT = 5  # per (account, address) pair: refused; per account from all addresses: slowed
LOGIN_ADDRESS_FAILURE_LIMIT = 20  # per address over any accounts: refused
LOGIN_SLOWDOWN_SECONDS = 60  # a slowed account's wait after its last failure
LOGIN_FAILURE_WINDOW_SECONDS = 15 * 60

# Report requests and reminders (001 A(5)①) go out by Django's mail (MAILERS, Django 6.1): printed to the console
# unless an SMTP host is given (CHIIKI_MIRAI_SMTP_HOST, …_PORT, …_USER, …_PASSWORD, …_TLS=1).
DEFAULT_FROM_EMAIL = os.environ.get("CHIIKI_MIRAI_MAIL_FROM", "chiiki-mirai@localhost")
#: Where the platform is reached, for the links in its mails (e.g. https://chiiki-mirai.example.go.jp).
SITE_URL = os.environ.get("CHIIKI_MIRAI_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if smtp_host := os.environ.get("CHIIKI_MIRAI_SMTP_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": smtp_host,
                "port": int(os.environ.get("CHIIKI_MIRAI_SMTP_PORT", "587")),
                "username": os.environ.get("CHIIKI_MIRAI_SMTP_USER", ""),
                "password": os.environ.get("CHIIKI_MIRAI_SMTP_PASSWORD", ""),
                "use_tls": os.environ.get("CHIIKI_MIRAI_SMTP_TLS", "1") == "1",
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
