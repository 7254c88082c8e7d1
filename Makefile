# Two entry points: `make demo` (install, then train/evaluate/classify on the bundled data)
# and `make test` (install, then run the whole test suite). Both create .venv when missing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test lint install clean

install: $(STAMP)

# torch==2.13.0 first: it is the CPU build this machine has; a bare `torch` would pull a CUDA build.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e ".[dev,onnx,distributed]"
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/quotelens demo

test: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks examples
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks examples

clean:
	rm -rf $(VENV) runs artifacts
