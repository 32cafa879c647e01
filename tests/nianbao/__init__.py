"""Tests of the nianbao package, one folder per room."""
