"""The build cache: a cached table is the table, an edited input rebuilds it, and a cache that
cannot be used is no cache at all."""
from __future__ import annotations

import os
import pickle

import pytest

from dragoman import buildcache
from dragoman.actors.knowledge import Knowledge


@pytest.fixture
def setup(tmp_path, monkeypatch):
    """A cache folder, one input file, and a builder that counts its calls."""
    monkeypatch.setenv("DRAGOMAN_CACHE", str(tmp_path / "c"))
    src = tmp_path / "data.yaml"
    src.write_text("a: 1\n")
    calls = []

    def build():
        calls.append(1)
        return {"built": len(calls)}
    return src, build, calls, tmp_path / "c"


def test_a_second_load_reads_the_pickle(setup):
    src, build, calls, folder = setup
    assert buildcache.cached("t", build, [src]) == {"built": 1}
    assert buildcache.cached("t", build, [src]) == {"built": 1}
    assert len(calls) == 1
    assert len(list(folder.glob("t-*.pickle"))) == 1


def test_an_edited_input_rebuilds_and_drops_the_old_entry(setup):
    src, build, calls, folder = setup
    buildcache.cached("t", build, [src])
    src.write_text("a: 2\n")
    assert buildcache.cached("t", build, [src]) == {"built": 2}
    assert len(calls) == 2
    assert len(list(folder.glob("t-*.pickle"))) == 1


def test_a_damaged_entry_is_rebuilt(setup):
    src, build, calls, folder = setup
    buildcache.cached("t", build, [src])
    next(folder.glob("t-*.pickle")).write_bytes(b"not a pickle")
    assert buildcache.cached("t", build, [src]) == {"built": 2}


def test_off_and_unwritable_caches_just_build(setup, tmp_path, monkeypatch):
    src, build, calls, _ = setup
    monkeypatch.setenv("DRAGOMAN_CACHE", "off")
    buildcache.cached("t", build, [src])
    buildcache.cached("t", build, [src])
    assert len(calls) == 2
    blocked = tmp_path / "file"
    blocked.write_text("x")                       # a file where the cache folder should be
    monkeypatch.setenv("DRAGOMAN_CACHE", str(blocked / "sub"))
    assert buildcache.cached("t", build, [src]) == {"built": 3}
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_cached_knowledge_is_the_built_knowledge(tmp_path, monkeypatch):
    monkeypatch.setenv("DRAGOMAN_CACHE", str(tmp_path / "c"))
    files = buildcache.data_files("dragoman.actors")
    first = buildcache.cached("knowledge", Knowledge._build, files)
    again = buildcache.cached("knowledge", Knowledge._build, files)
    fresh = Knowledge._build()
    assert again is not first
    assert pickle.dumps(again.aliases["anwar"]) == pickle.dumps(fresh.aliases["anwar"])
    assert set(again.aliases) == set(fresh.aliases) and len(again.people) == len(fresh.people)
    assert any(f.name == "countries.yaml" for f in files) and any(f.parent.name == "people" for f in files)
    assert os.listdir(tmp_path / "c")
