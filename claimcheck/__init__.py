"""claimcheck: fact-check press coverage against each other and a curated reference."""

__version__ = "0.1.0"
