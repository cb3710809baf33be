from django import template

register = template.Library()


@register.filter
def has_unread(threads) -> bool:
    """Whether any comment or reply in these threads is unread for the viewer."""
    return any(
        comment.unread or any(reply.unread for reply in comment.replies.all())
        for comment in threads
    )
