"""`{% plan_fragment "name" owners vary… %}…{% end_plan_fragment %}`: caches what it wraps until
one of the `owners`' plans changes (see apps.core.cache). `owners` is a user, a user id or a list
of them; the key always names the viewer (the request's user) and their own plan's version (their
unread comments, their North Star); `vary` are any other values the fragment depends on (today,
the time zone, the query…). Without a request nothing is cached.
The page's CSRF token is kept out of the cache and put back on every use. Only pages answering
GET are cached: a page rendered for a POST shows a form's errors."""

from django import template

from apps.core.cache import plan_cached

register = template.Library()
CSRF_MARK = "\x00csrf-token\x00"


def _owner_ids(owners, viewer) -> list[int]:
    owners = owners if isinstance(owners, list | tuple) else [owners]
    ids = {getattr(owner, "pk", owner) for owner in owners}
    if viewer.is_authenticated:
        ids.add(viewer.pk)
    return sorted(ids)


class PlanFragmentNode(template.Node):
    def __init__(self, nodelist, name, owners, vary):
        self.nodelist, self.name, self.owners, self.vary = nodelist, name, owners, vary

    def render(self, context):
        request = context.get("request")
        if request is None or request.method != "GET":  # a form's errors: never cached
            return self.nodelist.render(context)
        token = str(context.get("csrf_token") or "") or None

        def render_without_token():
            content = self.nodelist.render(context)
            return content.replace(token, CSRF_MARK) if token else content

        cached = plan_cached(
            self.name.resolve(context),
            _owner_ids(self.owners.resolve(context), request.user),
            [value.resolve(context) for value in self.vary],
            render_without_token,
            viewer=request.user,
            request=request,
        )
        return cached.replace(CSRF_MARK, token) if token else cached


@register.tag
def plan_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError("plan_fragment needs a name and the plan owners.")
    nodelist = parser.parse(("end_plan_fragment",))
    parser.delete_first_token()
    name, owners, *vary = (parser.compile_filter(bit) for bit in bits[1:])
    return PlanFragmentNode(nodelist, name, owners, vary)
