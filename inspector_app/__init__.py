"""安全生产现场检查执法终端 (offline inspection client for work-safety inspectors)."""

__version__ = "0.1.0"
