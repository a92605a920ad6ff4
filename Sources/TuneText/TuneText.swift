// TuneText: filled in by its issue.
