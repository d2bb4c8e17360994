"""The prospect-facing pages behind the links in every email (mounted at /p/)."""

from django.urls import path

from .views import public

app_name = "public"

urlpatterns = [
    path("unsubscribe/<str:token>/", public.unsubscribe, name="unsubscribe"),
    path("talk/<str:token>/", public.talk, name="talk"),
    path("not-now/<str:token>/", public.not_now, name="not_now"),
    path("less-often/<str:token>/", public.less_often, name="less_often"),
    path("preferences/<str:token>/", public.preferences, name="preferences"),
    path("o/<str:token>.gif", public.opened, name="opened"),
]
