"""``python -m dragoman`` runs the command line."""
from .cli import main

main()
