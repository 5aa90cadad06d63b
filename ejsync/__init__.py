"""ejsync: an electronic class journal and family diary for one school."""

__version__ = "0.1.0"
