FROM python:3.11-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md alembic.ini babel.cfg ./
COPY portal portal
COPY migrations migrations
COPY locales locales
RUN pip install --no-cache-dir -e . && pybabel compile --domain=messages --directory=locales
# The attachments volume takes this directory's owner, so the unprivileged user can write there.
RUN mkdir -p /data/attachments && chown nobody /data/attachments && chmod 700 /data/attachments
USER nobody
EXPOSE 8000
