"""The admin, a coach's first working screen: one module per area, all scoped by workspace."""

from . import history, prospects, workspaces

__all__ = ["history", "prospects", "workspaces"]
