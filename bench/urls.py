"""The app's URLs plus the benchmark's baseline: one indexed query and a tiny template."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path

from apps.vision.models import Horizon
from careerbuilder.urls import urlpatterns as app_urlpatterns


@login_required
def baseline(request):
    north_star = Horizon.objects.filter(owner=request.user, is_north_star=True).first()
    return render(request, "bench/baseline.html", {"north_star": north_star})


urlpatterns = [path("bench/baseline/", baseline, name="bench_baseline"), *app_urlpatterns]
