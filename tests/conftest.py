"""Shared fixtures: one spaCy pipeline and one dragoman Pipeline for the whole test session."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def nlp():
    from dragoman.parse import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def pipeline():
    from dragoman import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.exists():
        pytest.skip("../shared is not available")
    return SHARED
