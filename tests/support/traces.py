"""Searching every text column of every table for a string: proof that someone is gone."""

from django.apps import apps
from django.db import models
from django.db.models import Q, TextField
from django.db.models.functions import Cast

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField, models.EmailField)


def traces_of(*needles: str) -> list[str]:
    """`app.Model.field` for every column (of every installed model) holding a needle."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, TEXT_FIELDS):
                continue
            column = field.name
            query = model._default_manager.all()
            if isinstance(field, models.JSONField):
                query = query.annotate(_as_text=Cast(field.name, TextField()))
                column = "_as_text"
            match = Q()
            for needle in needles:
                match |= Q(**{f"{column}__icontains": needle})
            if query.filter(match).exists():
                found.append(f"{model._meta.label}.{field.name}")
    return found
