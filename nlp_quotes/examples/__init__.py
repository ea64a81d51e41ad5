"""Example texts written for nlp_quotes (no third-party text)."""

from importlib import resources


def example_text(name: str = "lianghui_example.txt") -> str:
    """The text of a bundled example."""
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
