"""Tests of nianbao.figures."""
