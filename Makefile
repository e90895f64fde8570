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

BUILD_INPUTS := build.py $(wildcard casualty_claims/*.py casualty_claims/lexicon/*.yml) \
	reference/orc-losses/russian-losses.json \
	$(wildcard $(ARTICLES)/*)
DATASETTE_ARGS := --metadata metadata.yml --plugins-dir plugin \
	--template-dir plugin/templates --static assets:plugin/static \
	--setting sql_time_limit_ms 3000

.PHONY: venv build serve test eval lint format clean loadtest vendor update-reference

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(DB): $(VENV)/.installed $(BUILD_INPUTS)
	$(BIN)/python build.py $(ARTICLES) --db $(DB)

build: $(DB)

serve: $(DB)
	$(BIN)/datasette serve -i $(DB) $(DATASETTE_ARGS) --host $(HOST) --port $(PORT)

test: venv
	$(BIN)/python -m pytest

eval: $(DB)
	$(BIN)/python $(SHARED)/eval/score_claims.py --db $(DB) \
		--gold $(SHARED)/gold/seeds.jsonl --articles $(ARTICLES)

update-reference: venv
	@test -n "$(FILE)" || { echo "usage: make update-reference FILE=path/to/russian-losses.json"; exit 2; }
	$(BIN)/python -m casualty_claims.update_reference $(FILE)

vendor: venv
	$(BIN)/python scripts/vendor_vega.py

loadtest: $(DB)
	$(BIN)/python -m tests.loadtest --db $(DB) --requests 2000 --concurrency 20

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(DB) .pytest_cache test-artifacts
