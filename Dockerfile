# careerbuilder's one image: web (gunicorn), worker and beat differ only by their command.
FROM python:3.11-slim-bookworm

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH=/opt/venv/bin:$PATH

# pango: WeasyPrint's PDFs of the career record (brag documents and résumés)
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir uv==0.13.9
WORKDIR /app
COPY pyproject.toml uv.lock .python-version ./
RUN uv sync --frozen --no-dev --no-cache
COPY . .
RUN DEBUG=false SECRET_KEY=collectstatic-only python manage.py collectstatic --no-input \
    && useradd --system --home /app careerbuilder && mkdir -p var && chown careerbuilder var
USER careerbuilder
EXPOSE 8000
CMD ["gunicorn", "careerbuilder.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
