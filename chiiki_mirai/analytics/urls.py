from django.urls import path

from chiiki_mirai.analytics import views

app_name = "analytics"
urlpatterns = [path("lookup/", views.lookup_page, name="lookup")]
