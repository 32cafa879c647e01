"""Tests of nianbao.season."""
