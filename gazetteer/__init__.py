"""Offline gazetteer: place names as the press spells them, resolved to coordinates."""
