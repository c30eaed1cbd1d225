"""The rulesets shipped with majlis, one TOML file per law version (package data)."""
