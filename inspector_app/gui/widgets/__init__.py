"""Reusable widgets: signature pad, photo strip, badges."""
