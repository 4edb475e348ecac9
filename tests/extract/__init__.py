"""Tests of `pipeline/extract/`, one file per module."""
