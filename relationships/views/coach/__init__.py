"""The coach's workspace (issue #7): one module per area of pages.

Every view requires a signed-in member of a workspace (workspace_required) and
looks up its objects through request.workspace; common.py holds what they share.
"""
