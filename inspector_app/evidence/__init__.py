"""Evidence files: a content-addressed media store and the photo pipeline (original, evidence copy, thumb)."""
