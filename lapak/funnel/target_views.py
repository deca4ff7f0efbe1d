"""Target pages: progress bars with the forecast for everyone who sees the funnel; create, change and
delete for admins (``Action.CONFIGURE``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lapak.accounts.scoping import Action, user_can
from lapak.funnel import selectors, services
from lapak.funnel.forms import TargetForm
from lapak.funnel.models import Target
from lapak.funnel.progress import targets_progress


def _target_or_404(request: HttpRequest, pk: int) -> Target:
    """A target the user may see (404 otherwise), and only then the check that they may change it."""
    target = get_object_or_404(selectors.targets_visible_to(user=request.user), pk=pk)
    if not user_can(request.user, Action.CONFIGURE):
        raise PermissionDenied
    return target


@login_required
def targets(request: HttpRequest) -> HttpResponse:
    if not selectors.can_view_funnel(request.user):
        raise PermissionDenied
    visible = selectors.targets_visible_to(user=request.user)
    context = {
        "progress": targets_progress(visible),
        "can_configure": user_can(request.user, Action.CONFIGURE),
    }
    return render(request, "funnel/targets.html", context)


def _save(request: HttpRequest, form: TargetForm, target: Target | None) -> bool:
    """Run the service; its rule errors go back onto the form and nothing is saved."""
    try:
        if target is None:
            services.target_create(actor=request.user, data=form.to_input())
        else:
            services.target_update(actor=request.user, target=target, data=form.to_input())
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


@login_required
def target_create(request: HttpRequest) -> HttpResponse:
    if not user_can(request.user, Action.CONFIGURE):
        raise PermissionDenied
    regions = selectors.target_regions_for(user=request.user)
    form = TargetForm(request.POST or None, regions=regions)
    if request.method == "POST" and form.is_valid() and _save(request, form, None):
        messages.success(request, _("Target tersimpan."))
        return redirect("funnel:targets")
    return render(request, "funnel/target_form.html", {"form": form, "target": None})


@login_required
def target_update(request: HttpRequest, pk: int) -> HttpResponse:
    target = _target_or_404(request, pk)
    regions = selectors.target_regions_for(user=request.user)
    form = TargetForm(request.POST or None, regions=regions, initial=TargetForm.initial_for(target))
    if request.method == "POST" and form.is_valid() and _save(request, form, target):
        messages.success(request, _("Target diperbarui."))
        return redirect("funnel:targets")
    return render(request, "funnel/target_form.html", {"form": form, "target": target})


@login_required
@require_POST
def target_delete(request: HttpRequest, pk: int) -> HttpResponse:
    target = _target_or_404(request, pk)
    services.target_delete(actor=request.user, target=target)
    messages.success(request, _("Target %(name)s dihapus.") % {"name": target.programme})
    return redirect("funnel:targets")
