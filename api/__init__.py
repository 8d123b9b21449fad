"""The HTTP API and the phakhee command line: thin adapters over loaders, queries and views."""
