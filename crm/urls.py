from allauth.account import views as account_views
from django.contrib import admin
from django.urls import include, path

from relationships.web import favicon, health
from relationships.web.esp_webhooks import webhook_patterns

admin.site.site_header = "Bridge"
admin.site.site_title = "Bridge"
admin.site.index_title = "Your relationships"

urlpatterns = [
    path("health/", health.health, name="health"),
    path("favicon.ico", favicon.favicon, name="favicon"),
    path("admin/", admin.site.urls),
    path("anymail/", include((webhook_patterns(), "anymail"))),
    # Accounts (django-allauth); "login" and "logout" stay the names templates use.
    path("accounts/login/", account_views.login, name="login"),
    path("accounts/logout/", account_views.logout, name="logout"),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", include("relationships.api.urls")),
    path("p/", include("relationships.web.public.urls")),
    path("", include("relationships.web.coach.urls")),
]
