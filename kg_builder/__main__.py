"""``python -m kg_builder`` runs the ``kg`` command line."""

from kg_builder.cli import main

main()
