"""The history of a strategy repository in git: revisions, status reports, plan diffs, baselines."""
