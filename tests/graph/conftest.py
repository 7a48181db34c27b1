"""Fixtures shared by the tests of graph."""
