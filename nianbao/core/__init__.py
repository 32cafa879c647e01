"""Shared vocabulary of every room: errors, findings, the clock, atomic output files, workbooks, locks, paths."""
