"""Tests of `pipeline/serve/`, one file per module."""
