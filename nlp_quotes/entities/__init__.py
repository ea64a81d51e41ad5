"""Entity layer: PERSON, TITLE, ORG and LOC over normalised text."""

from nlp_quotes.entities.rules import EntityMention, find_entities

__all__ = ["EntityMention", "find_entities"]
