"""Seat allocation as the statute says: rulesets as data, exact methods, explained traces.

Pure: no I/O beyond reading the package's own ruleset data, no frameworks.
"""
