"""`itms-tui serve`: a classroom. Each trainee gets the app in a browser, on their own data
folder; the trainer gets a live page. Built on textual-serve (see `server.py`)."""
