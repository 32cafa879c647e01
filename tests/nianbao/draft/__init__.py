"""Tests of nianbao.draft."""
