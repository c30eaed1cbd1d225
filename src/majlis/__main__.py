"""``python -m majlis`` runs the command-line interface."""

from majlis.cli import main

main()
