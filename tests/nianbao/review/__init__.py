"""Tests of nianbao.review."""
