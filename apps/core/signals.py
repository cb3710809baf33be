"""Every committed save or delete of a plan object retires the owner's cached plan fragments.

Plan models are found by their OWNER_PATH; other models whose rows show in someone's pages (a
notification, in its recipient's unread count) are registered by their app with
`apps.core.cache.plan_changed_for`."""

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import m2m_changed, post_delete, post_save

from .cache import plan_changed
from .ownership import owner_id_of


def _plan_object_changed(sender, instance, **kwargs):
    try:
        owner_id = owner_id_of(instance)
    except ObjectDoesNotExist:  # its parent was deleted with it: the parent's signal covers it
        return
    plan_changed(owner_id=owner_id)


def _plan_links_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and hasattr(instance, "OWNER_PATH"):
        _plan_object_changed(sender, instance)


def _user_changed(sender, instance, update_fields=None, **kwargs):
    if update_fields and set(update_fields) <= {"last_login", "password"}:
        return
    plan_changed(owner_id=instance.pk)  # a name or time zone shows in the plan's pages


def connect() -> None:
    post_save.connect(_user_changed, sender=settings.AUTH_USER_MODEL, dispatch_uid="plan-user")
    for model in apps.get_models():
        if not hasattr(model, "OWNER_PATH"):
            continue
        post_save.connect(_plan_object_changed, sender=model, dispatch_uid=f"plan-save-{model}")
        post_delete.connect(_plan_object_changed, sender=model, dispatch_uid=f"plan-del-{model}")
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                _plan_links_changed,
                sender=field.remote_field.through,
                dispatch_uid=f"plan-m2m-{model}-{field.name}",
            )
