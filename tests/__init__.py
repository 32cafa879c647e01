"""Tests of nianbao, its flows and its benchmarks; the layout mirrors the package."""
