"""The coach's workspace: Today, the pipeline board, prospects, diagnosis (issue #7, part A).

Every view requires a signed-in member of a workspace (workspace_required) and
looks up its objects through request.workspace.
"""
