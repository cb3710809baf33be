from drf_spectacular.extensions import OpenApiAuthenticationExtension


class PersonalAccessTokenScheme(OpenApiAuthenticationExtension):
    target_class = "apps.api.authentication.PersonalAccessTokenAuthentication"
    name = "personalAccessToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "A token from your settings."}


ERROR_RESPONSES = {
    "400": "Bad input: the body names each problem, field by field.",
    "401": "No valid session or token.",
    "403": "Not allowed.",
    "404": "No such object, or not one you may see.",
    "405": "This address does not take that method.",
    "415": "Send JSON, a form or multipart data.",
    "429": "Too many requests: wait and try again.",
}


def add_error_responses(result, generator, request, public):
    """drf-spectacular hook: every operation documents the 4xx answers it can give."""
    error = {"type": "object", "additionalProperties": True}
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for code, description in ERROR_RESPONSES.items():
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": error}},
                    },
                )
    return result
