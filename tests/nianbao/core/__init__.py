"""Tests of nianbao.core."""
