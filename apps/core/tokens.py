import hashlib


def hash_token(token: str) -> str:
    """How secrets handed out once (API tokens, invitation links) are stored: SHA-256, so a leaked
    database holds no usable secret."""
    return hashlib.sha256(token.encode()).hexdigest()
