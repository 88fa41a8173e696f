"""Stage 1: files of a strategy repository → validated models, a source map and findings."""
