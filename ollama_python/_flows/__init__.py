"""Multi-step operations written once as generators of requests: blob uploads, Modelfiles, batches, progress."""
