"""Pages of the catalogue. Views are thin: scope via selectors, writes via services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lapak.accounts.scoping import Action, user_can
from lapak.catalog import selectors, services
from lapak.catalog.forms import PhotoAddForm, ProductForm, RawMaterialFormSet, SkuFormSet
from lapak.catalog.models import Product, ProductPhoto
from lapak.catalog.readiness import CERT_STATE_LABELS
from lapak.catalog.taxonomy import ATTRIBUTE_LABELS, category_get
from lapak.core.responses import refused_with
from lapak.registry.models import Business
from lapak.registry.selectors import business_for

PHOTO_ERROR_CODES = {"empty", "too_large", "content", "too_small", "too_many_pixels", "too_many"}


def _business_or_404(request: HttpRequest, pk: int, action: Action = Action.VIEW) -> Business:
    return business_for(request.user, pk, action)


def _product_or_404(request: HttpRequest, pk: int, action: Action = Action.VIEW) -> Product:
    product = get_object_or_404(Product.objects.visible_to(request.user).select_related("business"), pk=pk)
    if action != Action.VIEW and not user_can(request.user, action):
        raise PermissionDenied
    return product


def _int(value: str | None, default: int = 1) -> int:
    try:
        return int(value or default)
    except ValueError:
        return default


@login_required
def product_list(request: HttpRequest) -> HttpResponse:
    if not user_can(request.user, Action.VIEW):
        raise PermissionDenied
    search = request.GET.get("q", "")
    queryset = selectors.product_list(user=request.user, search=search)
    page = selectors.product_page(queryset=queryset, number=_int(request.GET.get("page")))
    businesses = list(selectors.businesses_for_products(user=request.user)[:11])
    context = {"page": page, "search": search, "businesses": businesses[:10], "more": len(businesses) > 10}
    return render(request, "catalog/product_list.html", context)


@login_required
def business_products(request: HttpRequest, pk: int) -> HttpResponse:
    business = _business_or_404(request, pk)
    products = selectors.product_list(user=request.user, business=business)
    context = {
        "business": business,
        "products": products,
        "can_change": user_can(request.user, Action.CHANGE),
    }
    return render(request, "catalog/business_products.html", context)


@login_required
def product_detail(request: HttpRequest, pk: int) -> HttpResponse:
    product = _product_or_404(request, pk)
    context = {
        "product": product,
        "business": product.business,
        "category": category_get(product.category),
        "skus": product.skus.all(),
        "photos": product.photos.all(),
        "materials": product.raw_materials.all(),
        "certifications": selectors.product_certifications(product=product),
        "readiness": selectors.product_readiness(product=product),
        "sourcing": selectors.local_sources_for(product=product, user=request.user),
        "can_change": selectors.product_can_change(user=request.user, product=product),
        "photo_form": PhotoAddForm(),
        "attribute_labels": ATTRIBUTE_LABELS,
        "cert_state_labels": CERT_STATE_LABELS,
    }
    return render(request, "catalog/product_detail.html", context)


@login_required
def product_create(request: HttpRequest, pk: int) -> HttpResponse:
    business = _business_or_404(request, pk, Action.CHANGE)
    return _product_form(request, business, Product(business=business))


@login_required
def product_update(request: HttpRequest, pk: int) -> HttpResponse:
    product = _product_or_404(request, pk, Action.CHANGE)
    return _product_form(request, product.business, product)


def _product_form(request: HttpRequest, business: Business, product: Product) -> HttpResponse:
    """Product, SKUs, raw materials, certifications and new photos: checked together, saved together."""
    creating = product.pk is None
    documents = selectors.certification_documents(business=business)
    data, files = request.POST or None, request.FILES or None
    form = ProductForm(data, files, instance=product, documents=documents)
    skus = SkuFormSet(data, instance=product, prefix="sku")
    materials = RawMaterialFormSet(data, instance=product, prefix="bahan")
    if request.method == "POST" and all([form.is_valid(), skus.is_valid(), materials.is_valid()]):
        arguments = {
            "actor": request.user,
            "data": form.service_data(),
            "skus": skus.service_rows(),
            "raw_materials": materials.service_rows(),
            "certifications": form.certifications(),
            "photos": form.cleaned_data["photos"],
        }
        try:
            if creating:
                saved = services.product_create(business=business, **arguments)
            else:
                saved = services.product_update(product=product, **arguments)
        except ValidationError as error:
            _attach_error(form, error)
        else:
            messages.success(request, _("Produk %(name)s tersimpan.") % {"name": saved.name})
            return redirect("catalog:product_detail", pk=saved.pk)
    context = {"form": form, "skus": skus, "materials": materials, "business": business, "creating": creating}
    context["product"] = None if creating else product
    return render(request, "catalog/product_form.html", context)


def _attach_error(form: ProductForm, error: ValidationError) -> None:
    """Show an error the services raised next to the field it is about, or at the top of the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return
    form.add_error("photos" if error.code in PHOTO_ERROR_CODES else None, error)


@login_required
@require_POST
def product_delete(request: HttpRequest, pk: int) -> HttpResponse:
    product = _product_or_404(request, pk, Action.CHANGE)
    business_pk, name = product.business_id, product.name
    services.product_delete(actor=request.user, product=product)
    messages.success(request, _("Produk %(name)s dihapus.") % {"name": name})
    return redirect("catalog:business_products", pk=business_pk)


@login_required
@require_POST
def photo_add(request: HttpRequest, pk: int) -> HttpResponse:
    product = _product_or_404(request, pk, Action.CHANGE)
    form = PhotoAddForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        for upload in form.cleaned_data["photos"]:
            services.photo_add(actor=request.user, product=product, upload=upload)
    except ValidationError as error:
        return refused_with(request, error, "catalog:product_detail", pk=product.pk)
    messages.success(request, _("Foto ditambahkan."))
    return redirect("catalog:product_detail", pk=product.pk)


def _photo_or_404(request: HttpRequest, pk: int, photo_pk: int, action: Action) -> ProductPhoto:
    product = _product_or_404(request, pk, action)
    return get_object_or_404(product.photos.select_related("product__business"), pk=photo_pk)


@login_required
@require_POST
def photo_delete(request: HttpRequest, pk: int, photo_pk: int) -> HttpResponse:
    photo = _photo_or_404(request, pk, photo_pk, Action.CHANGE)
    services.photo_delete(actor=request.user, photo=photo)
    messages.success(request, _("Foto dihapus."))
    return redirect("catalog:product_detail", pk=pk)


def _image_response(file: FieldFile) -> FileResponse:
    if not file:
        raise Http404
    response = FileResponse(file.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=86400"
    return response


@login_required
def photo_file(request: HttpRequest, pk: int, photo_pk: int) -> FileResponse:
    return _image_response(_photo_or_404(request, pk, photo_pk, Action.VIEW).image)


@login_required
def photo_thumbnail(request: HttpRequest, pk: int, photo_pk: int) -> FileResponse:
    return _image_response(_photo_or_404(request, pk, photo_pk, Action.VIEW).thumbnail)


@login_required
def local_content(request: HttpRequest) -> HttpResponse:
    if not user_can(request.user, Action.VIEW):
        raise PermissionDenied
    rows = selectors.local_content_by_kabkota(user=request.user)
    return render(request, "catalog/local_content.html", {"rows": rows})
