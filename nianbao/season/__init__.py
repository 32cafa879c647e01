"""The collection season around the drafts: forms, status, schedule, run records, server hosting, terminal."""
