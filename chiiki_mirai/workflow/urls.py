from django.urls import path

from chiiki_mirai.workflow import batch_views, views

app_name = "workflow"
urlpatterns = [
    path("", views.home, name="home"),
    path("notifications/", views.notification_settings, name="notifications"),
    path("queue/", views.queue, name="queue"),
    path("batches/", batch_views.batches, name="batches"),
    path("batches/adopt/", batch_views.adopt, name="adopt_calendar"),
    path("batches/<int:number>/publish/", batch_views.publish, name="publish_batch"),
    path("programmes/", batch_views.programmes, name="programmes"),
    path("settings/", batch_views.rule_settings_page, name="rule_settings"),
    path("programmes/add/", batch_views.add_programme, name="add_programme"),
    path("programmes/<int:pk>/active/", batch_views.set_programme_active, name="programme_active"),
    path("plans/new/", views.create, name="create"),
    path("plans/start/", views.start_plan, name="start"),
    path("check/", views.check_text, name="check"),
    path("invitations/<int:pk>/answer/", views.answer_invitation, name="answer_invitation"),
    path("plans/<str:public_id>/", views.plan_page, name="plan"),
    path("plans/<str:public_id>/edit/", views.edit, name="edit"),
    path("plans/<str:public_id>/sections/<int:index>/", views.edit_section, name="section"),
    path("plans/<str:public_id>/sections/<int:index>/check/", views.check_section, name="section_check"),
    path("plans/<str:public_id>/download.<str:syntax>", views.download, name="download"),
    path("plans/<str:public_id>/diff/", views.diff, name="diff"),
    path("plans/<str:public_id>/judge/", views.judge, name="judge"),
    path("plans/<str:public_id>/comment/", views.comment, name="comment"),
    path("plans/<str:public_id>/coordination/", views.record_coordination, name="coordination"),
    path("plans/<str:public_id>/invite/", views.invite, name="invite"),
    path("plans/<str:public_id>/<str:action>/", views.act, name="act"),
]
