"""End-to-end tests: the real extension in a real Chromium against a real companion (`pytest -m browser`)."""
