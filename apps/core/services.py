"""State-change helpers every area's services use."""


def model_update(*, instance, data: dict, exclude_validation=()):
    """Sets `data` on `instance`, validates it like a form would, and saves just those fields."""
    for field, value in data.items():
        setattr(instance, field, value)
    instance.full_clean(exclude=list(exclude_validation))
    instance.save()
    return instance
