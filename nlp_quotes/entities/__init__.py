"""Entity layer: PERSON, TITLE, ORG and LOC over normalised text."""

from nlp_quotes.entities.rules import find_entities
from nlp_quotes.types import EntityMention

__all__ = ["EntityMention", "find_entities"]
