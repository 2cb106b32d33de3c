from django.urls import include, path

from . import views

app_name = "workshops"

# A workshop's page and its exports, under workshops/<slug>/.
workshop_urls = [
    path("", views.WorkshopDetailView.as_view(), name="workshop-detail"),
    path("offline.json", views.WorkshopOfflineView.as_view(), name="workshop-offline"),
    path("calendar.ics", views.WorkshopCalendarView.as_view(), name="workshop-calendar"),
    path("schedule.xml", views.WorkshopScheduleXmlView.as_view(), name="workshop-schedule-xml"),
    path("schedule.json", views.WorkshopScheduleJsonView.as_view(), name="workshop-schedule-json"),
]
# A session's page and its calendar, under workshops/<workshop_slug>/sessions/<slug>/.
session_urls = [
    path("", views.SessionDetailView.as_view(), name="session-detail"),
    path("calendar.ics", views.SessionCalendarView.as_view(), name="session-calendar"),
]

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("years/<int:year>/", views.DialogueYearDetailView.as_view(), name="year-detail"),
    path("workshops/<slug:slug>/", include(workshop_urls)),
    path("workshops/<slug:workshop_slug>/sessions/<slug:slug>/", include(session_urls)),
    path(
        "workshops/<slug:workshop_slug>/publications/<slug:slug>/",
        views.PublicationDetailView.as_view(),
        name="publication-detail",
    ),
    path(
        "workshops/<slug:workshop_slug>/publications/<slug:publication_slug>/<slug:slug>/",
        views.PartDetailView.as_view(),
        name="part-detail",
    ),
    path("about/", views.AboutView.as_view(), name="about"),
    path("my-agenda/", views.MyAgendaView.as_view(), name="my-agenda"),
    path("my-agenda/calendar.ics", views.MyAgendaCalendarView.as_view(), name="my-agenda-calendar"),
    path(
        "speakers/<slug:slug>/calendar.ics",
        views.SpeakerCalendarView.as_view(),
        name="speaker-calendar",
    ),
    path("policy-examples/", views.PolicyExampleListView.as_view(), name="policyexample-list"),
    path(
        "guiding-questions/", views.GuidingQuestionListView.as_view(), name="guidingquestion-list"
    ),
    path(
        "policy-examples/<slug:slug>/",
        views.PolicyExampleDetailView.as_view(),
        name="policyexample-detail",
    ),
]
