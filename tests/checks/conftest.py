"""Fixtures shared by the tests of checks."""
