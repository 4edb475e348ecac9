"""Tests of `pipeline/commands/`, one file per module."""
