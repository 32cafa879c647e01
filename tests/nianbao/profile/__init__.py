"""Tests of nianbao.profile."""
