"""Rasa input channels: the REST channel with input checks (more channels come with their issues)."""
