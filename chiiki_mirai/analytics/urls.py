from django.urls import path

from chiiki_mirai.analytics import views

app_name = "analytics"
urlpatterns = [
    path("lookup/", views.lookup_page, name="lookup"),
    path("lookup/bulk/", views.bulk_lookup_page, name="bulk_lookup"),
    path("reference-list/", views.reference_list_page, name="reference_list"),
    path("evidence/plans/<str:public_id>/", views.submit_evidence, name="submit_evidence"),
    path("evidence/<int:pk>/forward/", views.forward_evidence, name="forward_evidence"),
    path("evidence/<int:pk>/decide/", views.decide_evidence, name="decide_evidence"),
    path("evidence/files/<int:pk>/", views.evidence_file, name="evidence_file"),
]
