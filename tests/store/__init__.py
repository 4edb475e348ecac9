"""Tests of `pipeline/store/`, one file per module."""
