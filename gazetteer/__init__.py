"""Offline gazetteer: place names as the press spells them, resolved to coordinates."""

from gazetteer.gazetteer import Gazetteer
from gazetteer.place import KINDS, Candidate, Place

__all__ = ["Gazetteer", "Place", "Candidate", "KINDS"]
