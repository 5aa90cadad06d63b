"""A realistic demo school: people, curriculum, timetable and a journal up to a date."""

from ejsync.demo.generator import DemoSummary, generate_demo

__all__ = ["DemoSummary", "generate_demo"]
