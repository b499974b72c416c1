"""Enums and flag enums as names.

CLIXML writes an enum as an object with its name(s) in ToString and the number in I32; flag enums
join their names with `, ` (`Tls, Integrated, BasicAuth, BasicAuthRequireTLS, ExchangeServer`).
A flag enum is a set of names even when one name is set, so it is recognised by its type, not by
the presence of a comma. Comparing the enum object itself with a string is the bug behind
HealthChecker issue #2433; here every enum becomes its name before anything compares it.
"""

from __future__ import annotations

# Short type names (after the last `.` or `+`) of the [Flags] enums in the exports we read.
FLAG_ENUM_TYPES = frozenset(
    {
        "AuthMechanisms",
        "PermissionGroups",
        "SmtpReceiveCapabilities",
        "AllowedServices",
        "ServerRole",
        "HybridConfigurationStatusFlags",
        "MessageRateSourceFlags",
        "HeuristicsFlags",
        "RmsoSubscriptionStatusFlags",
        "ErrorPolicies",
        "TransportRole",
        "ProtocolLoggingLevel_Flags",
    }
)


def short_type_name(type_name: str) -> str:
    base = type_name.split("[", 1)[0]
    return base.replace("+", ".").rsplit(".", 1)[-1]


def is_flag_enum(type_name: str) -> bool:
    return short_type_name(type_name) in FLAG_ENUM_TYPES


def flag_names(text: str) -> list[str]:
    """`Tls, Integrated` -> ['Tls', 'Integrated']; `None` or '' -> []."""
    names = [part.strip() for part in text.split(",") if part.strip()]
    return [] if names == ["None"] else names


# Numbers of the enums that on-premises `ConvertTo-Json` writes as integers. Only pairs with a
# source are listed: [corpus] = an enum object of ../shared/corpus/real carrying name and number;
# [decompiled] = the enum's declaration in decompiled Exchange assemblies (public code read, not
# copied); [docs] = Microsoft's documentation. A number not listed stays a number, with a warning.
ENUM_NUMBERS: dict[str, dict[int, str]] = {
    "AcceptedDomainType": {0: "Authoritative", 1: "ExternalRelay", 2: "InternalRelay"},  # [corpus]
    "TlsAuthLevel": {1: "EncryptionOnly", 2: "CertificateValidation", 4: "DomainValidation"},  # [decompiled]
    "HybridFeature": {
        0: "FreeBusy",
        1: "MoveMailbox",
        2: "Mailtips",
        3: "MessageTracking",
        4: "OwaRedirection",
        5: "OnlineArchive",
        6: "SecureMail",
        8: "Photos",
    },  # [corpus]
    "ProtocolLoggingLevel": {0: "None", 1: "Verbose"},  # [corpus]
    "SendConnectorType": {0: "Default"},  # [corpus]
    "ServerEditionType": {2: "StandardEvaluation", 3: "Enterprise"},  # [corpus]
    "CertificateStatus": {
        0: "Unknown",
        1: "Valid",
        2: "Revoked",
        3: "DateInvalid",
        4: "Untrusted",
        5: "Invalid",
        6: "RevocationCheckFailure",
        7: "PendingRequest",
    },  # [decompiled]
}
FLAG_NUMBERS: dict[str, dict[int, str]] = {
    # [corpus] 15 and 31; ExternalAuthoritative follows in the documented order.
    "AuthMechanisms": {
        1: "Tls",
        2: "Integrated",
        4: "BasicAuth",
        8: "BasicAuthRequireTLS",
        16: "ExchangeServer",
        32: "ExternalAuthoritative",
    },
    # [corpus] 2, 4, 6, 13, 14; Partners and Custom follow in the documented order.
    "PermissionGroups": {
        1: "AnonymousUsers",
        2: "ExchangeUsers",
        4: "ExchangeServers",
        8: "ExchangeLegacyServers",
        16: "Partners",
        32: "Custom",
    },
    "ServerRole": {
        1: "Cafe",
        2: "Mailbox",
        4: "ClientAccess",
        16: "UnifiedMessaging",
        32: "HubTransport",
        64: "Edge",
        16384: "FrontendTransport",
    },  # [decompiled], [corpus] 2, 6, 32, 16384
    "AllowedServices": {
        1: "IMAP",
        2: "POP",
        4: "UM",
        8: "IIS",
        16: "SMTP",
        32: "Federation",
        64: "UMCallRouter",
    },  # [decompiled]
    "ErrorPolicies": {},  # [corpus] 0 = Default only
    "SmtpSendConnectorConfig+AuthMechanisms": {},  # [corpus] 0 = None only
    "MessageRateSourceFlags": {1: "IPAddress", 2: "User"},  # [corpus]
}
FLAG_ZERO_NAMES = {"ErrorPolicies": "Default"}


def enum_name(enum_type: str, number: int) -> str | None:
    return ENUM_NUMBERS.get(enum_type, {}).get(number)


def flag_names_of(enum_type: str, number: int) -> list[str] | None:
    """The names of the bits set in `number`, or None when a bit has no known name."""
    table = FLAG_NUMBERS.get(enum_type)
    if table is None:
        return None
    if number == 0:
        zero = FLAG_ZERO_NAMES.get(enum_type)
        return [zero] if zero else []
    names = [name for bit, name in sorted(table.items()) if number & bit]
    if sum(bit for bit in table if number & bit) != number:
        return None
    return names
