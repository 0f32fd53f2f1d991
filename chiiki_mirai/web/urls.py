from django.contrib import admin
from django.contrib.auth.views import LogoutView
from django.urls import include, path

from chiiki_mirai.api.routes import api
from chiiki_mirai.monitoring.logic_model_views import logic_model_page
from chiiki_mirai.monitoring.views import investment_map
from chiiki_mirai.organisations.views import tokens
from chiiki_mirai.web.health import healthz, readyz
from chiiki_mirai.web.login import ThrottledLoginView

handler500 = "chiiki_mirai.web.observability.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("", include("chiiki_mirai.portal.urls")),
    path("work/", include("chiiki_mirai.workflow.urls")),
    path("companies/", include("chiiki_mirai.analytics.urls")),
    path("progress/", include("chiiki_mirai.monitoring.urls")),
    path("formulation/", include("chiiki_mirai.formulation.urls")),
    path("map/", investment_map, name="investment_map"),
    path("logic-model/", logic_model_page, name="logic_model"),
    path("accounts/tokens/", tokens, name="tokens"),
    path("accounts/login/", ThrottledLoginView.as_view(), name="login"),
    path("accounts/logout/", LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
