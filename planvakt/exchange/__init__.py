"""File formats in and out: plans as YAML/JSON, measures as spreadsheets, plan templates.
Importers take text or bytes plus a source name, so a file, an upload or a test string all work."""
