"""Tests of nianbao.word."""
