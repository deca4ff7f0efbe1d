from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from lapak.core.selectors import job_list_for


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = job_list_for(user=request.user)[:50]
    return render(request, "core/job_list.html", {"jobs": jobs})


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(job_list_for(user=request.user), pk=pk)
    template = "core/_job_status.html" if request.htmx else "core/job_detail.html"
    return render(request, template, {"job": job})


@login_required
def job_download(request: HttpRequest, pk: int) -> FileResponse:
    job = get_object_or_404(job_list_for(user=request.user), pk=pk)
    if not job.result_file:
        raise Http404
    return FileResponse(
        job.result_file.open("rb"), as_attachment=True, filename=job.result_file.name.rsplit("/", 1)[-1]
    )
