from django.urls import path

from chiiki_mirai.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("plans/<str:public_id>/", views.plan_page, name="plan"),
    path("plans/<str:public_id>/download.<str:syntax>", views.download, name="download"),
    path("plans/<str:public_id>/print/", views.plan_print, name="print"),
    path("open-data/", views.open_data, name="open_data"),
    path("forms/plan-<str:plan_type>.xlsx", views.blank_workbook, name="blank_workbook"),
    path("language/<str:language>/", views.switch_language, name="language"),
    path("open-data/plans.csv", views.open_data_csv, name="open_data_csv"),
    path("open-data/plans.json", views.open_data_json, name="open_data_json"),
    path("open-data/plans.xlsx", views.open_data_xlsx, name="open_data_xlsx"),
]
