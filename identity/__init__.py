"""Who is speaking: a civil servant's identity is proven by a token signed with the server's secret, on every
message that needs it. Plain package (PyJWT only), shared by the channels, the actions and the voice gateway."""

from identity.tokens import (
    CITIZEN,
    OFFICIAL,
    OFFICIAL_SENDER_PREFIX,
    ConfigurationError,
    Identity,
    SenderRefused,
    Settings,
    Verdict,
    conversation_sender,
    is_official_sender,
    mint,
    official_sender,
    verify,
)

__all__ = [
    "CITIZEN", "OFFICIAL", "OFFICIAL_SENDER_PREFIX", "ConfigurationError", "Identity", "SenderRefused", "Settings",
    "Verdict", "conversation_sender", "is_official_sender", "mint", "official_sender", "verify",
]
