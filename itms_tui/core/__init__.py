"""The simulated ITMS: pure Python, no I/O, no Textual, no TinyDB."""
