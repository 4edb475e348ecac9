"""Tests of `scrapers/`, one file per module."""
