"""The append-only, hash-chained audit trail: written on every flush, verified by `check`."""
