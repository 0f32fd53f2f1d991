from django.urls import path

from chiiki_mirai.formulation import views

app_name = "formulation"
urlpatterns = [
    path("", views.index, name="index"),
    path("drafts/new/", views.draft_form, name="new_draft_form"),
    path("drafts/new/text/", views.new_draft, name="new_draft"),
    path("drafts/<str:public_id>/", views.draft_page, name="draft"),
    path("drafts/<str:public_id>/form/", views.draft_form, name="draft_form"),
    path("drafts/<str:public_id>/edit/", views.edit_draft, name="edit_draft"),
    path("drafts/<str:public_id>/publish/", views.publish_draft, name="publish_draft"),
    path("drafts/<str:public_id>/candidates/<str:candidate>/formulate/", views.formulate, name="formulate"),
    path("proposals/new/", views.proposal_form, name="new_proposal_form"),
    path("proposals/new/text/", views.new_proposal, name="new_proposal"),
    path("proposals/<str:public_id>/", views.proposal_page, name="proposal"),
    path("proposals/<str:public_id>/form/", views.proposal_form, name="proposal_form"),
    path("proposals/<str:public_id>/edit/", views.edit_proposal, name="edit_proposal"),
    path("proposals/<str:public_id>/submit/", views.submit_proposal, name="submit_proposal"),
    path("proposals/<str:public_id>/decide/", views.decide_proposal, name="decide_proposal"),
]
