# Set-up, build, serve and check casualty-claims. `make serve` and `make test`
# are all a fresh machine needs (Python 3.11 and make).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8001
DB ?= claims.db
ARTICLES ?= seeds
SHARED ?= ../shared

BUILD_INPUTS := build.py $(wildcard casualty_claims/*.py casualty_claims/*/*.py casualty_claims/lexicon/*.yml) \
	reference/orc-losses/russian-losses.json \
	$(wildcard $(ARTICLES)/*)
# Service, app or project name on the cloud host, and any more options for it.
NAME ?= casualty-claims
PUBLISH_ARGS ?=
PACKAGE_DIR ?= dist/casualty-claims
# What is published of each article is its claims' sentences, with the sentence before and
# after (newsrooms may not let their articles be republished); FULL_TEXT=1 ships them whole.
FULL_TEXT ?=
TEXT_OPTION := $(if $(FULL_TEXT),--full-text)
VENV1 := .venv-datasette1

.PHONY: venv build add watch serve test test-datasette1 eval eval-dev lint format clean loadtest vendor \
	update-reference package publish-cloudrun publish-fly publish-vercel bench bench-serve screenshots

# Corpus sizes for `make bench` (100,000 articles take about half an hour on 2 cores).
BENCH_SIZES ?= 1000 10000 100000
# Sizes of the realistic mix of news, timed beside the spaCy peer (bench/mix.py).
BENCH_MIX_SIZES ?= 10000 100000

venv: $(VENV)/.installed

# The project itself is installed too (editable): Datasette finds the plugin by its entry point.
$(VENV)/.installed: requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(DB): $(VENV)/.installed $(BUILD_INPUTS)
	$(BIN)/python build.py $(ARTICLES) --db $(DB)

build: $(DB)

# Fetch pages by address into $(ARTICLES) (URL="https://... https://..."), or the new relevant entries
# of the feeds and sitemaps listed in $(FEEDS) (what was seen: FEEDS's name + .state.json); then build
# as `make build` does, extracting only the new articles. FETCH_ARGS: e.g. --strict, --delay 5.
FETCH_ARGS ?=

add: $(VENV)/.installed
	@test -n "$(URL)" || { echo "usage: make add URL=https://... [ARTICLES=folder]"; exit 2; }
	$(BIN)/python -m casualty_claims add $(URL) --to $(ARTICLES) $(FETCH_ARGS)
	$(MAKE) build

watch: $(VENV)/.installed
	@test -n "$(FEEDS)" || { echo "usage: make watch FEEDS=feeds.txt [ARTICLES=folder]"; exit 2; }
	$(BIN)/python -m casualty_claims watch $(FEEDS) --to $(ARTICLES) $(FETCH_ARGS)
	$(MAKE) build

# Row counts worked out once per build, so serving an immutable database never counts.
INSPECT := $(DB:.db=)-inspect.json

$(INSPECT): $(DB)
	$(BIN)/datasette inspect $(DB) --inspect-file $(INSPECT)

# The published site's options; on a loopback HOST (the default) it also takes arbitrary SQL.
serve: $(DB) $(INSPECT)
	$(BIN)/datasette serve -i $(DB) --inspect-file $(INSPECT) \
		$$($(BIN)/python -m casualty_claims.publish options --host $(HOST)) --host $(HOST) --port $(PORT)

test: venv
	$(BIN)/python -m pytest

# The same tests against the Datasette 1.0 alpha.
$(VENV1)/.installed: requirements-datasette1.txt pyproject.toml
	test -x $(VENV1)/bin/python || $(PYTHON) -m venv $(VENV1)
	$(VENV1)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-datasette1.txt
	$(VENV1)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

test-datasette1: $(VENV1)/.installed
	$(VENV1)/bin/python -m pytest

datasette.yaml: metadata.yml casualty_claims/publish.py
	$(BIN)/python -m casualty_claims.publish datasette-yaml

package: $(DB)
	$(BIN)/python -m casualty_claims.publish package $(DB) $(PACKAGE_DIR) $(TEXT_OPTION)

publish-cloudrun publish-fly publish-vercel: publish-%: $(DB)
	$(BIN)/python -m casualty_claims.publish deploy $* $(DB) --name $(NAME) $(TEXT_OPTION) $(PUBLISH_ARGS)

eval: $(DB)
	$(BIN)/python $(SHARED)/eval/score_claims.py --db $(DB) \
		--gold $(SHARED)/gold/seeds.jsonl --articles $(ARTICLES)

# The development set of real articles, without and with their publication dates.
eval-dev: venv
	$(BIN)/python scripts/eval_dev.py --dev $(SHARED)/dev --scorer $(SHARED)/eval/score_claims.py

update-reference: venv
	@test -n "$(FILE)" || { echo "usage: make update-reference FILE=path/to/russian-losses.json"; exit 2; }
	$(BIN)/python -m casualty_claims.update_reference $(FILE)

vendor: venv
	$(BIN)/python scripts/vendor_vega.py

# The benchmark's own requirements (the spaCy peer) go into the same venv.
bench: venv
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-bench.txt
	$(BIN)/python -m bench.run --sizes $(BENCH_SIZES) --mix-sizes $(BENCH_MIX_SIZES)
	$(BIN)/python -m bench.length

# After `make bench`: the pages at a million claims.
bench-serve: venv
	$(BIN)/python -m bench.serve

loadtest: $(DB)
	$(BIN)/python -m bench.loadtest --db $(DB) --requests 2000 --concurrency 20

# The README's screenshots (docs/*.png), taken at fixed sizes by the browser test of every
# kind of page; like the browser tests, it needs Debian's chromium.
screenshots: venv
	@test -x /usr/bin/chromium || { echo "make screenshots needs Debian's chromium (apt-get install chromium)"; exit 2; }
	SCREENSHOTS_DIR=docs $(BIN)/python -m pytest -q tests/test_browser_pages.py -k reads_cleanly

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(DB) $(INSPECT) .pytest_cache test-artifacts dist
