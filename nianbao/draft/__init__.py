"""The Word draft: template context, rendering, lint, provenance comments, annex and charts."""
