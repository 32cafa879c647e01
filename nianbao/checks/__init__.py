"""Validation of what was read: values parsed and checked, units and versions chosen, every value accounted for."""
