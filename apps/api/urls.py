from csp.decorators import csp_update
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from apps.core.areas import api_routes

from . import views, web

app_name = "api"

# Each area declares its collections in its PlanArea (apps/<area>/areas.py): none is listed here.
router = SimpleRouter()
for route in api_routes():
    router.register(route.prefix, route.viewset, basename=route.basename)

SWAGGER_UI_STYLE = "'sha256-MMpT0iDxyjALd9PdfepImGX3DBfJPXZ4IlDWdPAgtn0='"

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        # Swagger UI adds one <style> element of its own: allowed by its hash, nothing else inline.
        csp_update({"style-src": [SWAGGER_UI_STYLE]})(
            SpectacularSwaggerSplitView.as_view(url_name="api:schema")
        ),
        name="docs",
    ),
    path("tokens/", web.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", web.token_revoke, name="token_revoke"),
    re_path(r"^v1/[\s\S]*$", views.not_found),  # [\s\S]: a line break in the path too
]
