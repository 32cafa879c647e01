"""The reviewed draft: refresh with late data, change lists, finalize for publication, PDF."""
