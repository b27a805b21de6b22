"""``python -m goalextract`` runs the CLI."""

from goalextract.cli import main

main()
