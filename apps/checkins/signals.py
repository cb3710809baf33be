"""What the check-ins tell the areas above them, which they may not import."""

from django.dispatch import Signal

# A check-in was made (whatever road it came by): `checkin`.
checkin_created = Signal()
