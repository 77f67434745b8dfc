# Accord: `make run` starts the product with demo data; `make test` runs every test on SQLite and PostgreSQL.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
# Card payments in `make run` go to localstripe on loopback (test keys; nothing real is ever charged).
STRIPE_PORT ?= 8420
STRIPE_ENV := ACCORD_STRIPE_API_BASE=http://127.0.0.1:$(STRIPE_PORT) ACCORD_STRIPE_SECRET_KEY=sk_test_accord_embedded \
	ACCORD_STRIPE_PUBLISHABLE_KEY=pk_test_accord_embedded ACCORD_STRIPE_WEBHOOK_SECRET=whsec_accord_embedded_localstripe
RUN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
TEST_PACKAGES := chromium

.PHONY: run test install locales extract lint typecheck system-run system-test node clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed

# System packages the product needs (WeasyPrint's Pango, fonts) and the tests need (Debian's Chromium).
system-run:
	@missing=$$(for p in $(RUN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; fi

system-test: system-run
	@missing=$$(for p in $(TEST_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; fi

node_modules/.installed: package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	touch $@

node: node_modules/.installed

locales: install
	$(BIN)/pybabel compile --domain=messages --directory=locales --statistics

# After changing user-visible strings: refresh the template and merge it into every catalog.
extract: install
	$(BIN)/pybabel extract --mapping-file=babel.cfg --output-file=locales/messages.pot --no-location \
		--sort-output --project=Accord --copyright-holder="Accord contributors" --msgid-bugs-address=i18n@accord.example .
	$(BIN)/pybabel update --domain=messages --input-file=locales/messages.pot --output-dir=locales \
		--no-fuzzy-matching --ignore-obsolete
	$(BIN)/python -c "from portal.i18n import fill_source_catalog; fill_source_catalog()"

lint: install
	$(BIN)/ruff check portal tests migrations
	$(BIN)/ruff format --check portal tests migrations
	$(BIN)/mypy portal

run: install system-run locales
	$(BIN)/portal migrate
	$(BIN)/portal demo
	@echo ""
	@echo "Accord is starting at http://$(HOST):$(PORT)/"
	@echo "Demo debtors: open a link, then type the second factor shown under it."
	@ACCORD_BASE_URL=http://$(HOST):$(PORT) $(BIN)/portal demo-logins
	@mkdir -p var
	@$(BIN)/python tools/run_localstripe.py --port $(STRIPE_PORT) --webhook-url http://$(HOST):$(PORT)/stripe/webhook \
		--webhook-secret whsec_accord_embedded_localstripe & echo $$! > var/localstripe.pid
	@echo ""
	@echo "Card payments use localstripe (a fake Stripe) on 127.0.0.1:$(STRIPE_PORT). Test cards, any future expiry and CVC:"
	@echo "  4242 4242 4242 4242  succeeds"
	@echo "  4000 0000 0000 3220  asks for 3-D Secure"
	@echo "  4000 0000 0000 0341  is declined"
	@echo ""
	ACCORD_BASE_URL=http://$(HOST):$(PORT) $(STRIPE_ENV) $(BIN)/portal serve --host $(HOST) --port $(PORT); \
		status=$$?; kill $$(cat var/localstripe.pid) 2>/dev/null; exit $$status

test: install system-test node locales lint
	ACCORD_TEST_DATABASE_URL=sqlite $(BIN)/pytest -q -p no:cacheprovider
	ACCORD_TEST_DATABASE_URL=$(TEST_PG_URL) $(BIN)/pytest -q -p no:cacheprovider

clean:
	rm -rf $(VENV) node_modules var locales/*/LC_MESSAGES/*.mo
