"""Checklist templates: YAML files in forms/, validated against forms/schema.json, pinned by content hash."""
