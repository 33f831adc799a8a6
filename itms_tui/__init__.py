"""itms-tui: a terminal simulator of InterProse's ITMS SMS consent service."""

__version__ = "0.1.0"
