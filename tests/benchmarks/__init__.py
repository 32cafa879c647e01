"""Tests of the benchmark helpers (that they measure what they say, not how fast)."""
