"""The admin, a coach's first working screen: one module per area, all scoped by workspace."""

from . import content, history, nurture, prospects, workspaces

__all__ = ["content", "history", "nurture", "prospects", "workspaces"]
