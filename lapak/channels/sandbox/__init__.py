"""Local stand-ins for the marketplace APIs, for tests and demos: they check signatures with each
platform's algorithm, answer in its documented shapes, and fail on demand the way the platforms fail."""

from .server import Fault, SandboxServer

__all__ = ["Fault", "SandboxServer"]
