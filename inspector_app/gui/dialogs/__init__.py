"""Dialogs: hazard, signatures, re-inspection."""
