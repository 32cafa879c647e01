"""The office's profile as data: catalogue.toml and roster.toml read into a checked Catalogue."""
