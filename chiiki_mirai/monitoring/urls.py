from django.urls import path

from chiiki_mirai.monitoring import amendment_views, compilation_views, views

app_name = "monitoring"
urlpatterns = [
    path("due/", views.due, name="due"),
    path("rollup/", views.national_rollup, name="rollup"),
    path("recompute/", views.recompute, name="recompute"),
    path("recompute/<int:pk>/", views.recomputation, name="recomputation"),
    path("compilations/", compilation_views.compilations, name="compilations"),
    path("compilations/<int:pk>/", compilation_views.compilation, name="compilation"),
    path(
        "compilations/<int:pk>/report.<str:kind>",
        compilation_views.compilation_report,
        name="compilation_report",
    ),
    path("prefectures/<int:code>/", views.prefecture_dashboard, name="prefecture"),
    path("plans/<str:public_id>/", views.dashboard, name="dashboard"),
    path("plans/<str:public_id>/decide/", views.decide, name="decide"),
    path("plans/<str:public_id>/amend/", amendment_views.propose, name="amend"),
    path("amendments/<int:pk>/", amendment_views.review, name="amendment"),
    path("plans/<str:public_id>/progress.xlsx", views.progress_workbook, name="progress_workbook"),
]
