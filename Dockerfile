# The product's image: web (gunicorn), Celery worker and beat all run from it.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    SEI_VAR_DIR=/app/var \
    SEI_STATIC_ROOT=/app/staticfiles \
    SEI_MEDIA_ROOT=/app/var/media

WORKDIR /app
# System libraries and fonts for PDF rendering (WeasyPrint: Pango, HarfBuzz; serif fonts), and
# the PostgreSQL client (pg_dump, pg_restore: manage.py backup / restaurar; same major as the db).
RUN apt-get update && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation postgresql-client && rm -rf /var/lib/apt/lists/*
COPY . /app
RUN pip install . \
    # Static files are collected at build time; the throwaway values below only let the
    # settings load (no database is touched, no key ends up in the image).
    && SEI_SECRET_KEY=somente-para-collectstatic DATABASE_URL=postgres://build@localhost/build \
       SEI_HISTORICO_CHAVES=build:somente-para-collectstatic-0123456789abcdef \
       python manage.py collectstatic --noinput -v 0 \
    && useradd --system --uid 1000 --home-dir /app --shell /usr/sbin/nologin sei \
    && mkdir -p /app/var/media /app/var/chaves \
    && chmod 700 /app/var/chaves \
    && chown -R sei:sei /app/var

USER sei
EXPOSE 8000
CMD ["gunicorn", "sei.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
