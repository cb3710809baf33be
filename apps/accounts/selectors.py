from allauth.account.models import EmailAddress

from .models import SuppressedAddress


def suppressed_addresses(addresses) -> set[str]:
    """Which of these addresses (any case) careerbuilder must not send to, in lower case."""
    wanted = {address.lower() for address in addresses if address}
    if not wanted:
        return set()
    return set(SuppressedAddress.objects.filter(email__in=wanted).values_list("email", flat=True))


def suppressed_for(user) -> list[SuppressedAddress]:
    """The user's addresses that bounced or complained: shown to them, with how to resume."""
    verified = EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    addresses = {user.email.lower(), *(email.lower() for email in verified)}
    return list(SuppressedAddress.objects.filter(email__in=addresses))
