"""Settings for Lapak, read from the environment.

The embedded default needs nothing: SQLite under ``var/``, console e-mail, jobs in the database.
Production sets ``DATABASE_URL`` (PostgreSQL), ``SECRET_KEY``, ``LAPAK_FIELD_KEY`` and ``ALLOWED_HOSTS``.
"""

import sys
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="lapak-insecure-development-key-change-me-in-production")
# Key for NIK encryption at rest and the keyed hash used for matching; separate from SECRET_KEY so the
# session key can rotate without losing the ability to decrypt stored NIKs.
LAPAK_FIELD_KEY = env.str("LAPAK_FIELD_KEY", default="lapak-insecure-field-key-change-me")
# Only while rotating the field key: the old key, still read until `manage.py field_key_rotate` is done.
LAPAK_FIELD_KEY_PREVIOUS = env.str("LAPAK_FIELD_KEY_PREVIOUS", default="")
# Key that seals backup archives (lapak/core/backup_crypto.py); separate from LAPAK_FIELD_KEY because archives
# are kept elsewhere. Unset: plain archives in development, refused in production (docs/backup.md).
LAPAK_BACKUP_KEY = env.str("LAPAK_BACKUP_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

LAPAK_HOME_PROVINCE = env.str("LAPAK_HOME_PROVINCE", default="35")
# The demo command lists the demo accounts on the login page; never set this in production.
LAPAK_SHOW_DEMO_LOGINS = env.bool("LAPAK_SHOW_DEMO_LOGINS", default=False)
LAPAK_UPLOAD_MAX_BYTES = env.int("LAPAK_UPLOAD_MAX_BYTES", default=5 * 1024 * 1024)
LAPAK_LOGIN_MAX_FAILURES = env.int("LAPAK_LOGIN_MAX_FAILURES", default=5)
LAPAK_LOGIN_LOCK_MINUTES = env.int("LAPAK_LOGIN_LOCK_MINUTES", default=15)
# Optional kab/kota boundary GeoJSON for the dashboard's map (docs/insights-map.md); empty: the tile grid.
LAPAK_BOUNDARY_GEOJSON = env.str("LAPAK_BOUNDARY_GEOJSON", default="")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_htmx",
    "auditlog",
    "lapak.core",
    "lapak.accounts",
    "lapak.regions",
    "lapak.registry",
    "lapak.ingest",
    "lapak.catalog",
    "lapak.curation",
    "lapak.channels",
    "lapak.mentoring",
    "lapak.funnel",
    "lapak.insights",
    "lapak.reports",
    "lapak.privacy",
    "lapak.storefront",
    "ninja",  # serves the API docs page (Swagger UI) from local static files
    "lapak.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "lapak.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lapak.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "lapak.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "lapak.core.middleware.RejectedFormMiddleware",
]

ROOT_URLCONF = "lapak.urls"
WSGI_APPLICATION = "lapak.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "lapak" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'lapak.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)

# "storefront": rendered public catalogue pages (lapak.storefront.caching), keyed by the catalogue version.
# The embedded default keeps them in each process's memory (LocMemCache): nothing to install, and a stale
# page is impossible because every change bumps the version in the database. A multi-server deployment
# may point STOREFRONT_CACHE_URL at a shared cache (e.g. redis://) to render each page once for all.
CACHES = {
    "default": env.cache_url("CACHE_URL", default="locmemcache://"),
    "storefront": env.cache_url(
        "STOREFRONT_CACHE_URL", default="locmemcache://storefront?max_entries=5000&timeout=600"
    ),
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "registry:business_list"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "lapak" / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "lapak" / "static"]
STATIC_ROOT = VAR_DIR / "static"
WHITENOISE_USE_FINDERS = True
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Lapak <noreply@lapak.local>")

# Production (LAPAK_DEPLOYMENT=production, behind TLS): `manage.py check --deploy` passes with no warning.
PRODUCTION = env.str("LAPAK_DEPLOYMENT", default="development") == "production"
if PRODUCTION and (DEBUG or "insecure" in SECRET_KEY or "insecure" in LAPAK_FIELD_KEY):
    raise ImproperlyConfigured("Production needs DEBUG off and its own SECRET_KEY and LAPAK_FIELD_KEY.")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_SAMESITE = "Lax"
# A working day; after it the user signs in again.
SESSION_COOKIE_AGE = env.int("LAPAK_SESSION_SECONDS", default=8 * 60 * 60)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=PRODUCTION)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 60 * 60 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env.bool("BEHIND_TLS_PROXY", default=PRODUCTION):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# No form-action: connecting a shop posts to us and is redirected to the marketplace's consent page,
# which browsers would block under form-action 'self'.
LAPAK_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data: blob:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
}

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

TESTING = env.bool("LAPAK_TESTING", default="pytest" in sys.modules)
# After a commit, link the new source records into golden records (a background job).
LAPAK_LINK_AFTER_IMPORT = env.bool("LAPAK_LINK_AFTER_IMPORT", default=True)
# Each API channel's app keys, as the platform issued them to the province:
# {"tiktok": {"app_key": "...", "app_secret": "..."}, ...}. Never in the database or the repository.
LAPAK_CHANNEL_KEYS: dict = env.json("LAPAK_CHANNEL_KEYS", default={})
# Staff must sign in with an authenticator app too (owners may). Tests switch it on where they test it;
# `python -m lapak demo` switches it off so the demo accounts open with their password alone.
LAPAK_2FA_REQUIRED = env.bool("LAPAK_2FA_REQUIRED", default=not TESTING)
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

_DEVELOPMENT_KEYS = {SECRET_KEY, LAPAK_FIELD_KEY} & {
    "lapak-insecure-development-key-change-me-in-production",
    "lapak-insecure-field-key-change-me",
}
# The embedded SQLite default is for laptops and demos; a server database needs real keys.
if not DEBUG and not TESTING and _DEVELOPMENT_KEYS and "sqlite" not in DATABASES["default"]["ENGINE"]:
    raise ImproperlyConfigured(
        "Set SECRET_KEY and LAPAK_FIELD_KEY: the development keys in the source must not protect real NIKs."
    )
