"""The PySide6 desktop client (Part 2). The only package that may import Qt."""
