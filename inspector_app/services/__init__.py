"""Use cases. Each public function is one transaction; the CLI and the GUI are thin faces over these."""
