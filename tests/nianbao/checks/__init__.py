"""Tests of nianbao.checks."""
