from django.contrib import admin
from django.urls import include, path

from relationships.web import favicon, health

admin.site.site_header = "Bridge"
admin.site.site_title = "Bridge"
admin.site.index_title = "Your relationships"

urlpatterns = [
    path("health/", health.health, name="health"),
    path("favicon.ico", favicon.favicon, name="favicon"),
    path("admin/", admin.site.urls),
    path("anymail/", include("anymail.urls")),
    path("api/v1/", include("relationships.api.urls")),
    path("p/", include("relationships.web.public.urls")),
    path("", include("relationships.web.coach.urls")),
]
