"""The prospect-facing pages (mounted at /p/): sign-up, and the links in every email."""

from django.urls import path

from relationships.web.public import views as public

app_name = "public"

urlpatterns = [
    # Sign-up: the hosted page (and ?embed=1 for an iframe), and where the form on the
    # coach's own website posts.
    path("join/<slug:slug>/", public.signup_page, name="signup"),
    path("join/<slug:slug>/from-site/", public.signup_from_site, name="signup_from_site"),
    path("confirm/<str:token>/", public.confirm_signup, name="confirm_signup"),
    # The choices in every email.
    path("where/<str:token>/", public.where, name="where"),
    path("talk/<str:token>/", public.talk, name="talk"),
    path("not-now/<str:token>/", public.not_now, name="not_now"),
    path("less-often/<str:token>/", public.less_often, name="less_often"),
    path("unsubscribe/<str:token>/", public.unsubscribe, name="unsubscribe"),
    # The preference center.
    path("preferences/<str:token>/", public.preferences, name="preferences"),
    path(
        "preferences/<str:token>/frequency/",
        public.preferences_frequency,
        name="preferences_frequency",
    ),
    path("preferences/<str:token>/topics/", public.preferences_topics, name="preferences_topics"),
    path("preferences/<str:token>/erase/", public.preferences_erase, name="preferences_erase"),
    path("preferences/<str:token>/data.json", public.preferences_data, name="preferences_data"),
    path("coming/<str:token>/", public.coming, name="coming"),
    path("o/<str:token>.gif", public.opened, name="opened"),
]
