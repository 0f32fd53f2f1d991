from django.urls import path

from chiiki_mirai.monitoring import amendment_views, compilation_views, report_views, request_views, views

app_name = "monitoring"
urlpatterns = [
    path("due/", views.due, name="due"),
    path("requests/", request_views.inbox, name="requests"),
    path("requests/send/", request_views.send_requests, name="send_requests"),
    path("requests/remind/", request_views.send_reminders, name="send_reminders"),
    path("results/", request_views.results_index, name="results"),
    path("results/publish/", request_views.publish_results, name="publish_results"),
    path("results/data/", request_views.results_dictionary, name="results_dictionary"),
    path("results/<str:period>/", request_views.results_period, name="results_period"),
    path("results/<str:period>/results.<str:kind>", request_views.results_download, name="results_download"),
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
    path("plans/<str:public_id>/report/", report_views.report, name="report"),
    path("plans/<str:public_id>/amend/", amendment_views.propose, name="amend"),
    path("amendments/<int:pk>/", amendment_views.review, name="amendment"),
    path("plans/<str:public_id>/progress.xlsx", views.progress_workbook, name="progress_workbook"),
]
