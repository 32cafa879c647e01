"""Tests of nianbao.rollup."""
