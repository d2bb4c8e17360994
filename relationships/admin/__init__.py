"""The admin, a coach's first working screen: one module per area, all scoped by workspace."""

from relationships.admin import content, history, nurture, prospects, workspaces

__all__ = ["content", "history", "nurture", "prospects", "workspaces"]
