"""The transports and what only they use: settings, retries, reading replies (the only I/O)."""
