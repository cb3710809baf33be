from .models import DispatcherState, ReminderPreference


def preference_for(*, user) -> ReminderPreference:
    """The user's preferences; the defaults (unsaved) when they never changed them."""
    try:
        return user.reminder_preference
    except ReminderPreference.DoesNotExist:
        return ReminderPreference(user=user)


def dispatcher_state() -> DispatcherState | None:
    return DispatcherState.objects.filter(pk=1).first()
