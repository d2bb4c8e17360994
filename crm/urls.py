from django.contrib import admin
from django.urls import include, path

from relationships.views import health

admin.site.site_header = "Bridge"
admin.site.site_title = "Bridge"
admin.site.index_title = "Your relationships"

urlpatterns = [
    path("health/", health.health, name="health"),
    path("admin/", admin.site.urls),
    path("anymail/", include("anymail.urls")),
    path("p/", include("relationships.urls_public")),
    path("", include("relationships.urls_coach")),
]
