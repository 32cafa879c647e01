"""Benchmarks of nianbao against the bare libraries (`make bench`); timings are printed, never asserted."""
