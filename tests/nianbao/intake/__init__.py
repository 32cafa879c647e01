"""Tests of nianbao.intake."""
