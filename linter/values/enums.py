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
