"""Moving in and out: importing a coach's list, exporting the prospects and the workspace."""
