from django.urls import path

from . import views

urlpatterns = [
    path("", views.case_list, name="cases"),
    path("new/", views.case_new, name="case_new"),
    path("new/calculate/", views.case_calculate, name="case_calculate_new"),
    path("new/pdf/", views.case_pdf_from_form, name="case_pdf_new"),
    path("upload/", views.case_upload, name="case_upload"),
    path("workaround/", views.workaround_cost_page, name="workaround_cost"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/calculate/", views.case_calculate, name="case_calculate"),
    path("<int:pk>/plan/", views.case_plan, name="case_plan"),
    path("<int:pk>/pdf/", views.case_pdf, name="case_pdf"),
    path("<int:pk>/pdf/form/", views.case_pdf_from_form, name="case_pdf_form"),
    path("<int:pk>/duplicate/", views.case_duplicate, name="case_duplicate"),
    path("<int:pk>/delete/", views.case_delete, name="case_delete"),
]
