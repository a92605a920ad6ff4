// TuneModels: filled in by its issue.
