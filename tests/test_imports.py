"""Processes that only store, query, export or serve do not load the parser: spaCy costs ~0.6 s
and ~60 MB to import, and the parent of the engine's workers never parses."""
from __future__ import annotations

import subprocess
import sys


def _modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys; print(' '.join(sys.modules))"],
                         capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_the_cli_store_engine_and_web_app_do_not_import_spacy():
    mods = _modules_after("import dragoman, dragoman.cli, dragoman.store, dragoman.engine, dragoman.serve.app")
    assert "dragoman.store" in mods and "dragoman.serve.app" in mods
    assert "spacy" not in mods and "dragoman.pipeline" not in mods


def test_the_library_api_still_loads_the_pipeline_on_first_use():
    mods = _modules_after("from dragoman import code_text, Pipeline\nassert callable(code_text)")
    assert "spacy" in mods and "dragoman.pipeline" in mods
