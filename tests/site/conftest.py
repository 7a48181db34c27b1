"""Fixtures shared by the tests of site."""
