"""Tests of `pipeline/evaluate/`, one file per module."""
