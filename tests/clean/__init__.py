"""Tests of `pipeline/clean/`, one file per module."""
