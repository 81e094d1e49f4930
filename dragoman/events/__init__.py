"""Events stage (work in progress)."""
from .coder import EventCoder  # noqa: F401
