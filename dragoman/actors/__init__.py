"""Actors stage (work in progress)."""
from .resolve import ActorResolver, DocActors  # noqa: F401
