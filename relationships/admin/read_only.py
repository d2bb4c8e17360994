"""Records the services write and the admin only shows: stage history, enrollments, the outbox."""


class ReadOnlyAdminMixin:
    """A ModelAdmin whose rows nobody adds, changes or deletes here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInlineMixin:
    """An inline that lists its rows and offers nothing to add, change or delete."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
