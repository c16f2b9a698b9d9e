"""Settings, all read from the environment.

Without any variable set the product runs "embedded": SQLite file, Celery tasks executed in
process, files in a local folder. Every variable is listed in the README.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    valor = os.environ.get(name)
    if valor is None or valor == "":
        return default
    return valor.strip().lower() in {"1", "true", "yes", "sim", "on"}


def env_int(name: str, default: int) -> int:
    valor = os.environ.get(name)
    return int(valor) if valor not in (None, "") else default


def env_list(name: str, default: list[str]) -> list[str]:
    valor = os.environ.get(name)
    if not valor:
        return default
    return [item.strip() for item in valor.split(",") if item.strip()]


VAR_DIR = Path(env_str("SEI_VAR_DIR", str(BASE_DIR / "var")))
DATABASE_URL = env_str("DATABASE_URL")
# Embedded quickstart: no external database configured.
EMBUTIDO = not DATABASE_URL

DEBUG = env_bool("SEI_DEBUG", False)


def _secret_key() -> str:
    chave = env_str("SEI_SECRET_KEY")
    if chave:
        return chave
    if not EMBUTIDO:
        raise ImproperlyConfigured("SEI_SECRET_KEY é obrigatória quando DATABASE_URL está configurada.")
    # Embedded quickstart only: a random key kept beside the SQLite file.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    arquivo = VAR_DIR / "secret_key"
    if not arquivo.exists():
        arquivo.write_text(secrets.token_urlsafe(64))
        arquivo.chmod(0o600)
    return arquivo.read_text().strip()


SECRET_KEY = _secret_key()


def _chaves_historico() -> dict[str, bytes]:
    """``SEI_HISTORICO_CHAVES``: ``id:segredo[,id:segredo...]``, the first one seals new entries
    of the append-only tables (history, read audit); the others only verify older entries (key
    rotation). A key the database never holds: whoever can rewrite rows cannot recompute them."""
    valor = env_str("SEI_HISTORICO_CHAVES")
    if not valor and EMBUTIDO:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        arquivo = VAR_DIR / "historico_chaves"
        if not arquivo.exists():
            arquivo.write_text(f"e1:{secrets.token_urlsafe(48)}")
            arquivo.chmod(0o600)
        valor = arquivo.read_text().strip()
    if not valor:
        raise ImproperlyConfigured("SEI_HISTORICO_CHAVES é obrigatória quando DATABASE_URL está configurada.")
    chaves: dict[str, bytes] = {}
    for item in valor.split(","):
        identificador, _, segredo = item.strip().partition(":")
        identificador, segredo = identificador.strip(), segredo.strip()
        if not identificador or len(identificador) > 20 or len(segredo) < 32 or identificador in chaves:
            raise ImproperlyConfigured(
                "SEI_HISTORICO_CHAVES: use id:segredo separados por vírgula (id único de até 20 caracteres, "
                "segredo de ao menos 32)."
            )
        chaves[identificador] = segredo.encode()
    return chaves


SEI_HISTORICO_CHAVES = _chaves_historico()


def _segredo_embutido(nome_arquivo: str, gerar) -> str:
    """Embedded quickstart only: a secret made on first run and kept beside the SQLite file."""
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    arquivo = VAR_DIR / nome_arquivo
    if not arquivo.exists():
        arquivo.write_text(gerar())
        arquivo.chmod(0o600)
    return arquivo.read_text().strip()


# --- Signatures (assinaturas) ---------------------------------------------------------------
# The PKCS#12 files of the root and of the órgãos' seal certificates, and their password; the
# database only keeps the certificates. Embedded mode: made on first run (scripts/run).
SEI_CHAVES_DIR = env_str("SEI_CHAVES_DIR", str(VAR_DIR / "chaves"))
SEI_CHAVES_SENHA = env_str("SEI_CHAVES_SENHA") or (
    _segredo_embutido("chaves_senha", lambda: secrets.token_urlsafe(32)) if EMBUTIDO else ""
)
# The keys of the código CRC (HMAC over the first signed PDF): ``id:segredo[,id:segredo...]``,
# the first makes new codes, the others keep older codes checkable (rotation).
SEI_CRC_CHAVES = env_str("SEI_CRC_CHAVES") or (
    _segredo_embutido("crc_chaves", lambda: f"c1:{secrets.token_urlsafe(48)}") if EMBUTIDO else ""
)
# Where the public authenticity page is reached (printed under the signatures and in the QR
# code); empty: the address of the request that signs.
SEI_URL_PUBLICA = env_str("SEI_URL_PUBLICA").rstrip("/")
SEI_ASSINATURA_FUNDAMENTO = env_str(
    "SEI_ASSINATURA_FUNDAMENTO",
    "art. 6º, § 1º, do Decreto nº 8.539, de 8 de outubro de 2015",
)
SEI_ASSINATURA_FUNDAMENTO_QUALIFICADA = env_str(
    "SEI_ASSINATURA_FUNDAMENTO_QUALIFICADA",
    "art. 4º, III, da Lei nº 14.063, de 23 de setembro de 2020",
)
# Autenticação of digitised documents: the conference the Decreto requires (art. 12, § 1º).
SEI_AUTENTICACAO_FUNDAMENTO = env_str(
    "SEI_AUTENTICACAO_FUNDAMENTO",
    "art. 12, § 1º, do Decreto nº 8.539, de 8 de outubro de 2015",
)
# Assinatura qualificada (ICP-Brasil): a PEM file with the trusted roots (the ICP-Brasil roots,
# and intermediates if wanted); empty: the qualificada signature is not offered.
SEI_ICP_RAIZES = env_str("SEI_ICP_RAIZES")
# How long a prepared qualificada signature waits for the signer's CMS.
SEI_ICP_PREPARACAO_MINUTOS = env_int("SEI_ICP_PREPARACAO_MINUTOS", 30)
# RFC 3161 timestamp authority: when set, every signature carries a signature timestamp token;
# the TSA failing refuses the signature. Optional HTTP basic credentials.
SEI_TSA_URL = env_str("SEI_TSA_URL")
SEI_TSA_USUARIO = env_str("SEI_TSA_USUARIO")
SEI_TSA_SENHA = env_str("SEI_TSA_SENHA")
SEI_TSA_TEMPO_LIMITE = env_int("SEI_TSA_TEMPO_LIMITE", 10)
# PostgreSQL role the application runs as (not the owner of the tables: it cannot alter them,
# disable their triggers or truncate them). Migrations run as the owner and grant it what it
# needs after each ``migrate`` (sei.banco); empty: nothing is granted.
SEI_BANCO_PAPEL_APLICACAO = env_str("SEI_BANCO_PAPEL_APLICACAO")
ALLOWED_HOSTS = env_list("SEI_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("SEI_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "sei.apps_axes.AxesConfig",  # django-axes, named in Portuguese in the admin
    "sei",
    "processos",
    "documentos",
    "assinaturas",
    "busca",
    "mesa",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "externo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): the second factor of the portal's external users (externo).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "sei.middleware.SessaoExpiraMiddleware",
    "sei.middleware.PortaisSeparadosMiddleware",
    "sei.middleware.ReautenticacaoMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "sei.middleware.SecurityHeadersMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sei.urls"
WSGI_APPLICATION = "sei.wsgi.application"
AUTH_USER_MODEL = "sei.Usuario"

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
                "sei.contexto.unidade_context",
                "assinaturas.contexto.blocos_context",
                "externo.contexto.externo_context",
            ],
        },
    },
]

if EMBUTIDO:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SEI_SQLITE_PATH", str(VAR_DIR / "sei.sqlite3")),
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    }
    # The inbox's covering indexes (INCLUDE columns) are a PostgreSQL optimisation; SQLite
    # creates the same indexes without the included columns.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
else:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
    if env_bool("SEI_BANCO_PREPARAR", True):
        # Server-side parameters, and psycopg prepares a statement after 5 runs on a connection:
        # the inbox's queries stop being planned on every request (~0.5 ms of PostgreSQL each).
        # Off behind a transaction-pooling PgBouncer older than 1.21 (no prepared statements).
        DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "sei.hashers.Argon2OwaspHasher",  # Argon2id, OWASP's parameters: see sei/hashers.py
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ["username", "nome", "email"]},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# "Esqueci minha senha": the e-mailed link lasts this long (Django's token, one use); requests
# per hour from one address or for one e-mail before nothing more is sent.
PASSWORD_RESET_TIMEOUT = env_int("SEI_SENHA_LINK_MINUTOS", 60) * 60
SEI_SENHA_PEDIDOS = env_int("SEI_SENHA_PEDIDOS", 5)
# The órgão (or government) named on the login page; empty: "Sistema Eletrônico de Informações".
SEI_NOME_ORGAO = env_str("SEI_NOME_ORGAO")
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "processos:controle"
LOGOUT_REDIRECT_URL = "login"

# Portal do usuário externo (externo): the registration's e-mail confirmation link lasts this
# long; registrations (and confirmation resends) per hour from one address; the default terms of
# use of the electronic signature, until the órgão writes its own in the admin (TermosDeUso).
SEI_CADASTRO_LINK_HORAS = env_int("SEI_CADASTRO_LINK_HORAS", 48)
# Ouvidoria: hours the e-mailed link of a manifestation stays valid (then the beat deletes it and
# its files), and the days the recibo link shown and mailed after confirming stays valid.
SEI_OUVIDORIA_LINK_HORAS = env_int("SEI_OUVIDORIA_LINK_HORAS", 48)
SEI_OUVIDORIA_RECIBO_DIAS = env_int("SEI_OUVIDORIA_RECIBO_DIAS", 30)
# Manifestations sent per hour from one address (each e-mails a link to the address typed).
SEI_OUVIDORIA_PEDIDOS = env_int("SEI_OUVIDORIA_PEDIDOS", 10)
SEI_CADASTRO_PEDIDOS = env_int("SEI_CADASTRO_PEDIDOS", 10)
# Intimação eletrônica: days after the expedition when an unopened intimação counts as known
# (ciência tácita); the answer term counts from the ciência, in calendar days.
SEI_INTIMACAO_PRAZO_TACITO_DIAS = env_int("SEI_INTIMACAO_PRAZO_TACITO_DIAS", 10)
SEI_TERMOS_USO_EXTERNO = env_str(
    "SEI_TERMOS_USO_EXTERNO",
    "Ao me cadastrar como usuário externo, declaro que: (1) as informações prestadas são verdadeiras "
    "e assumo a responsabilidade por elas; (2) o login (CPF) e a senha são pessoais e intransferíveis, "
    "e a assinatura eletrônica feita com eles tem a mesma validade da assinatura de próprio punho "
    "(Lei nº 14.063, de 23 de setembro de 2020); (3) sou responsável pelo sigilo da senha e por todos "
    "os atos praticados com ela; (4) devo manter meus dados de contato atualizados e acompanhar as "
    "comunicações enviadas ao e-mail cadastrado; (5) o uso indevido do cadastro pode levar à sua "
    "desativação, sem prejuízo das responsabilidades civil, penal e administrativa.",
)
# The issuer shown by authenticator apps for the portal's second factor (django-otp TOTP).
OTP_TOTP_ISSUER = env_str("SEI_OTP_EMISSOR", "SEI")
# The admin lists the devices (to remove one whose phone was lost) but never shows their secret.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Brute-force lockout (django-axes): by login and address, by account and by address, each with
# its own limit (sei.bloqueio).
SEI_LOGIN_TENTATIVAS = env_int("SEI_LOGIN_TENTATIVAS", 5)
SEI_LOGIN_TENTATIVAS_CONTA = env_int("SEI_LOGIN_TENTATIVAS_CONTA", 20)
SEI_LOGIN_TENTATIVAS_ENDERECO = env_int("SEI_LOGIN_TENTATIVAS_ENDERECO", 100)
AXES_HANDLER = "sei.bloqueio.BloqueioPorCriterio"
AXES_FAILURE_LIMIT = SEI_LOGIN_TENTATIVAS
AXES_COOLOFF_TIME = env_int("SEI_LOGIN_BLOQUEIO_MINUTOS", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/bloqueado.html"
AXES_ENABLED = env_bool("SEI_LOGIN_BLOQUEIO", True)
AXES_VERBOSE = False

LANGUAGE_CODE = "pt-br"
LANGUAGES = [("pt-br", "Português (Brasil)")]
TIME_ZONE = "America/Sao_Paulo"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("SEI_STATIC_ROOT", str(VAR_DIR / "staticfiles")))
MEDIA_ROOT = Path(env_str("SEI_MEDIA_ROOT", str(VAR_DIR / "media")))
# Files go through Django's storage API: a local folder, or an S3-compatible bucket when
# SEI_S3_BUCKET is set. Never served from a public URL: only through access-checked views.
SEI_S3_BUCKET = env_str("SEI_S3_BUCKET")
if SEI_S3_BUCKET:
    _ARMAZENAMENTO = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": SEI_S3_BUCKET,
            "endpoint_url": env_str("SEI_S3_ENDPOINT_URL") or None,
            "region_name": env_str("SEI_S3_REGIAO") or None,
            "access_key": env_str("SEI_S3_ACCESS_KEY") or None,
            "secret_key": env_str("SEI_S3_SECRET_KEY") or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _ARMAZENAMENTO = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT), "base_url": None},
    }
STORAGES = {
    "default": _ARMAZENAMENTO,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_PERMISSIONS = 0o640

# Sessions: SEI-like working-day timeouts.
SESSION_COOKIE_AGE = env_int("SEI_SESSAO_SEGUNDOS", 8 * 3600)  # also enforced from login: absolute
SEI_SESSAO_INATIVIDADE_SEGUNDOS = env_int("SEI_SESSAO_INATIVIDADE_SEGUNDOS", 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# HTTPS hardening: on whenever the deployment says it is behind HTTPS.
SEGURO = env_bool("SEI_HTTPS", False)
SESSION_COOKIE_SECURE = SEGURO
CSRF_COOKIE_SECURE = SEGURO
SECURE_SSL_REDIRECT = SEGURO
SECURE_HSTS_SECONDS = 31536000 if SEGURO else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SEGURO
SECURE_HSTS_PRELOAD = SEGURO
if env_bool("SEI_PROXY_HTTPS", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["sei.permissoes.SomenteInterno"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "sei.api.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # DRF's defaults, with a JSON parser that refuses absurdly nested bodies (sei.parsers).
    "DEFAULT_PARSER_CLASSES": [
        "sei.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
}
if DEBUG:
    REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"].append("rest_framework.renderers.BrowsableAPIRenderer")

SPECTACULAR_SETTINGS = {
    "TITLE": "SEI livre — API",
    "DESCRIPTION": "API HTTP v1: processos, tramitação, documentos, assinaturas, busca.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Swagger UI served from our own static files (no CDN).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "EstadoProcessoEnum": "processos.models.Processo.Estado",
        "EstadoDocumentoEnum": "documentos.models.Documento.Estado",
        "EstadoBlocoEnum": "assinaturas.models.Bloco.Estado",
        "NaturezaEnum": "documentos.models.Documento.Natureza",
        "NaturezaResultadoEnum": "busca.serializers.NATUREZAS",
        "TipoAcessoExternoEnum": "externo.models.AcessoExterno.Tipo",
        "TipoResultadoEnum": [("processo", "processo"), ("documento", "documento")],
    },
}

# Celery: a real broker when configured, otherwise tasks run in process.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# A worker that dies mid-task, as Celery 5.7 and kombu's Redis transport handle it (read in
# celery/worker/request.py and kombu/transport/redis.py):
# - a pool child killed (SIGKILL, OOM killer): the parent sees WorkerLostError and, with late ack
#   plus reject_on_worker_lost, requeues the message (at the back of the queue, as a new one), so
#   it runs again soon (without reject_on_worker_lost it would be acked: lost). No poison loop:
#   every task checks its row first, an export whose worker died is still "executando" and the
#   redelivery is a no-op; the export's own sweeper (heartbeat, 3 attempts) retries it.
# - the whole worker SIGKILLed (machine lost; --pool=solo; prefork children die with their
#   parent through pdeathsig): nobody rejects, and the message waits in Redis's unacked hash
#   until visibility_timeout, when a live worker restores it. The beat sweepers resume the work
#   long before (an export within about SEI_EXPORTACAO_RETOMADA_SEGUNDOS); the late copy is a
#   no-op.
# visibility_timeout must stay above the time limit, or a long task would be handed to a second
# worker while the first still runs it.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 4 * CELERY_TASK_TIME_LIMIT}
CELERY_TIMEZONE = TIME_ZONE

# The cache holds what every process must share: the per-address limit of the public Conferir
# page (a local-memory cache would count per gunicorn worker, so N workers would allow N times
# the limit) and the signature verdicts of signed PDFs. Redis whenever there is one: SEI_REDIS_URL,
# or else the broker's URL when the broker is Redis (keys prefixed, each with an expiry, so
# they sit beside Celery's without touching them). Local memory only in the embedded mode.
SEI_REDIS_URL = env_str("SEI_REDIS_URL") or (
    CELERY_BROKER_URL if CELERY_BROKER_URL.startswith(("redis://", "rediss://")) else ""
)
if SEI_REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": SEI_REDIS_URL,
            "KEY_PREFIX": "sei-cache",
            "TIMEOUT": 300,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "sei"}}

# Process exports (PDF/ZIP): the worker stamps a heartbeat on the row every BATIMENTO seconds
# while it builds one; with none for RETOMADA seconds the worker is gone, and the sweep (every
# VARREDURA seconds) hands the export to another worker.
SEI_EXPORTACAO_BATIMENTO_SEGUNDOS = env_int("SEI_EXPORTACAO_BATIMENTO_SEGUNDOS", 10)
SEI_EXPORTACAO_RETOMADA_SEGUNDOS = env_int("SEI_EXPORTACAO_RETOMADA_SEGUNDOS", 60)
SEI_EXPORTACAO_VARREDURA_SEGUNDOS = env_int("SEI_EXPORTACAO_VARREDURA_SEGUNDOS", 30)
if not 0 < SEI_EXPORTACAO_BATIMENTO_SEGUNDOS * 3 <= SEI_EXPORTACAO_RETOMADA_SEGUNDOS:
    # Fewer than three missed heartbeats would hand a live worker's export to another one.
    raise ImproperlyConfigured(
        "SEI_EXPORTACAO_RETOMADA_SEGUNDOS deve ser ao menos o triplo de SEI_EXPORTACAO_BATIMENTO_SEGUNDOS (maior que 0)."
    )
if SEI_EXPORTACAO_VARREDURA_SEGUNDOS <= 0:
    raise ImproperlyConfigured("SEI_EXPORTACAO_VARREDURA_SEGUNDOS deve ser maior que 0.")

# Search (busca): the backend, its folders when embedded, the time a query may take. Index writes
# run on their own queue, consumed by one worker of concurrency 1 (Whoosh and tantivy allow one
# writer): ``celery -A sei worker -Q busca -c 1``.
SEI_BUSCA_BACKEND = env_str("SEI_BUSCA_BACKEND")
SEI_BUSCA_WHOOSH_DIR = env_str("SEI_BUSCA_WHOOSH_DIR", str(VAR_DIR / "busca" / "whoosh"))
SEI_BUSCA_TANTIVY_DIR = env_str("SEI_BUSCA_TANTIVY_DIR", str(VAR_DIR / "busca" / "tantivy"))
SEI_BUSCA_TEMPO_LIMITE_MS = env_int("SEI_BUSCA_TEMPO_LIMITE_MS", 3000)
SEI_BUSCA_LOTE = env_int("SEI_BUSCA_LOTE", 500)
CELERY_TASK_ROUTES = {"busca.tasks.*": {"queue": "busca"}}

CELERY_BEAT_SCHEDULE = {
    "reenviar-notificacoes-pendentes": {
        "task": "processos.tasks.varrer_notificacoes_pendentes",
        "schedule": 300.0,
    },
    "retomar-renderizacoes-e-exportacoes": {
        "task": "documentos.tasks.varrer_pendentes",
        "schedule": 300.0,
    },
    # Cheap (one indexed query): often, so that a killed worker's export resumes in a minute or
    # two. A sweep still queued when the next one is due is dropped, not piled up.
    "retomar-exportacoes-paradas": {
        "task": "documentos.tasks.retomar_exportacoes",
        "schedule": float(SEI_EXPORTACAO_VARREDURA_SEGUNDOS),
        "options": {"expires": float(SEI_EXPORTACAO_VARREDURA_SEGUNDOS)},
    },
    # The search index's outbox: wakes the indexer when a change's message was lost.
    "indexar-pendencias-da-busca": {
        "task": "busca.tasks.varrer_pendencias",
        "schedule": 30.0,
        "options": {"expires": 30.0},
    },
    # Acessos externos past their date: marked expired, their principals re-derived (the portal
    # refuses them at read time anyway). Hourly, so that the day's change is seen within an hour.
    "expirar-acessos-externos": {
        "task": "externo.tasks.expirar_acessos_externos",
        "schedule": 3600.0,
        "options": {"expires": 3600.0},
    },
    "apagar-manifestacoes-nao-confirmadas": {
        "task": "externo.tasks.apagar_manifestacoes_nao_confirmadas",
        "schedule": 3600.0,
        "options": {"expires": 3600.0},
    },
    # Liberações para assinatura externa past their date: marked expired ("Vencida"), with the
    # integral grant made with them.
    "expirar-liberacoes-assinatura-externa": {
        "task": "externo.tasks.expirar_liberacoes_assinatura_externa",
        "schedule": 3600.0,
        "options": {"expires": 3600.0},
    },
    "apagar-cadastros-externos-nao-confirmados": {
        "task": "externo.tasks.apagar_cadastros_nao_confirmados",
        "schedule": 3600.0,
        "options": {"expires": 3600.0},
    },
    "registrar-ciencias-tacitas": {
        "task": "externo.tasks.registrar_ciencias_tacitas",
        "schedule": 3600.0,
        "options": {"expires": 3600.0},
    },
    # Petition receipts whose e-mail was lost by the broker or refused by the mail server.
    "reenviar-recibos-de-peticao": {
        "task": "externo.tasks.reenviar_recibos_pendentes",
        "schedule": 300.0,
        "options": {"expires": 300.0},
    },
    # Ouvidoria e-mails (confirmation link, recibo) lost by the broker or refused by the mail server.
    "reenviar-emails-da-ouvidoria": {
        "task": "externo.tasks.reenviar_emails_da_ouvidoria_pendentes",
        "schedule": 300.0,
        "options": {"expires": 300.0},
    },
}

EMAIL_BACKEND = env_str(
    "SEI_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if not EMBUTIDO else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_FILE_PATH = env_str("SEI_EMAIL_FILE_PATH", str(VAR_DIR / "emails"))
EMAIL_HOST = env_str("SEI_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("SEI_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("SEI_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_str("SEI_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("SEI_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = env_str("SEI_EMAIL_REMETENTE", "sei@localhost")

# Product settings.
SEI_CONTROLE_POR_PAGINA = env_int("SEI_CONTROLE_POR_PAGINA", 50)
SEI_SIGILOSO_REAUTENTICACAO_MINUTOS = env_int("SEI_SIGILOSO_REAUTENTICACAO_MINUTOS", 10)
SEI_UPLOAD_MAX_BYTES = env_int("SEI_UPLOAD_MAX_BYTES", 100 * 1024 * 1024)
SEI_UPLOAD_EXTENSOES = set(
    env_list(
        "SEI_UPLOAD_EXTENSOES",
        ["pdf", "png", "jpg", "jpeg", "gif", "webp", "tif", "tiff", "txt", "csv", "odt", "ods", "docx", "xlsx"],
    )
)
SEI_EXPORTACAO_HORAS = env_int("SEI_EXPORTACAO_HORAS", 24)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("SEI_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "pikepdf": {"level": "WARNING"},
    },
}
