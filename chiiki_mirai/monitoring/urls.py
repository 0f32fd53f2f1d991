from django.urls import path

from chiiki_mirai.monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("due/", views.due, name="due"),
    path("rollup/", views.national_rollup, name="rollup"),
    path("recompute/", views.recompute, name="recompute"),
    path("recompute/<int:pk>/", views.recomputation, name="recomputation"),
    path("prefectures/<int:code>/", views.prefecture_dashboard, name="prefecture"),
    path("plans/<str:public_id>/", views.dashboard, name="dashboard"),
    path("plans/<str:public_id>/decide/", views.decide, name="decide"),
]
