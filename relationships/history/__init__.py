"""Every change on record: who changed a prospect, content, a sequence, settings or the team."""
