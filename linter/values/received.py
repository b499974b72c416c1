"""`Received:` header fields: who handed a message to whom, how, and when (RFC 5321 4.4).

A Received field is free text in practice: `from`, `by`, `with`, `id`, `via` and `for` clauses
in any order and any of them missing, host details in comments (`(10.0.0.1)`, `(host [ip])`,
`(version=TLS1_2, cipher=...)`), folded anywhere, and a date after the last `;` that is not
always RFC 5322 (`2018-04-22 02:54:17.028704749 +0000 UTC`). The clauses are read from the
words and comments outside and inside parentheses; nothing is guessed from a field that does
not say it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

_KEYWORDS = frozenset({"from", "by", "with", "id", "via", "for"})
_TOKEN = re.compile(r"\([^()]*(?:\([^()]*\)[^()]*)*\)|[^\s()]+")
_IPV4 = r"(?:\d{1,3}\.){3}\d{1,3}"
_IPV6 = r"[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:%\w+)?"
_ADDRESS = re.compile(rf"\[?(?:IPv6:)?({_IPV4}|{_IPV6})\]?")
_BUILD = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{1,5}\.\d{1,4}$")
_TLS_VERSION = re.compile(r"version=(TLS[0-9_.]*|SSL[0-9_.]*)", re.IGNORECASE)
_CIPHER = re.compile(r"cipher=([A-Z0-9_-]+)", re.IGNORECASE)
_ISO_DATE = re.compile(
    r"(?<!\d)(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?\s*([+-]\d{4}|Z|UTC|GMT)?", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class ReceivedHop:
    """One Received field: `by_host` received the message from `from_host`."""

    text: str  # the field unfolded, as written
    from_host: str | None = None
    from_ip: str | None = None
    by_host: str | None = None
    by_ip: str | None = None
    protocol: str | None = None  # the `with` clause: `Microsoft SMTP Server`, `ESMTPS`, `HTTPS`, `mapi`
    tls: str | None = None  # `TLS1_2`, or `TLS` when only "(TLS)" or ESMTPS/TLS says so
    cipher: str | None = None
    build: str | None = None  # the `id` clause when it is an Exchange build (15.20.1622.16)
    via: str | None = None  # `Frontend Transport`, `Mailbox Transport`, a mailbox server
    time: datetime | None = None  # timezone-aware; None when the date is missing or unreadable


def unfold(text: str) -> str:
    """The field on one line: line breaks and the indentation after them become one space."""
    return re.sub(r"\s*(?:\r\n|\r|\n)[ \t]*", " ", text).strip()


def parse_received(raw: str) -> ReceivedHop:
    """Read one Received field; a field with no clause at all still keeps its text."""
    text = unfold(raw)
    clauses_text, _, date_text = text.rpartition(";")
    if not clauses_text:
        # No `;`: some MTAs append the date straight after the clauses (SendGrid's filters).
        trailing = _ISO_DATE.search(text)
        clauses_text = text[: trailing.start()] if trailing else text
        date_text = text[trailing.start() :] if trailing else ""
    clauses: dict[str, list[str]] = {}
    current: list[str] | None = None
    for token in _TOKEN.findall(clauses_text):
        keyword = token.lower()
        if keyword in _KEYWORDS and keyword not in clauses:
            current = clauses.setdefault(keyword, [])
        elif current is not None:
            current.append(token)
    from_host, from_ip = _host(clauses.get("from", []))
    by_host, by_ip = _host(clauses.get("by", []))
    protocol, tls, cipher = _with(clauses.get("with", []))
    return ReceivedHop(
        text=text,
        from_host=from_host,
        from_ip=from_ip,
        by_host=by_host,
        by_ip=by_ip,
        protocol=protocol,
        tls=tls,
        cipher=cipher,
        build=_build(clauses.get("id", [])),
        via=" ".join(t for t in clauses.get("via", []) if not t.startswith("(")) or None,
        time=parse_date(date_text),
    )


def _host(tokens: list[str]) -> tuple[str | None, str | None]:
    """(host, address) from `host (ip)`, `host (name [ip])`, `[ip]` or `host ([ip])`."""
    host: str | None = None
    address: str | None = None
    for token in tokens:
        if token.startswith("("):
            found = _ADDRESS.search(token[1:-1]) if address is None else None
            if found is not None and _is_address(found.group(1)):
                address = found.group(1)
        elif host is None:
            found = _ADDRESS.fullmatch(token)
            if found is not None and _is_address(found.group(1)):
                address = address or found.group(1)
            host = token.strip("[]")
    return host, address


def _is_address(text: str) -> bool:
    return text.count(".") == 3 or text.count(":") >= 2


def _with(tokens: list[str]) -> tuple[str | None, str | None, str | None]:
    words = [t for t in tokens if not t.startswith("(")]
    comments = " ".join(t for t in tokens if t.startswith("("))
    protocol = " ".join(words) or None
    version = _TLS_VERSION.search(comments)
    cipher = _CIPHER.search(comments)
    tls: str | None = version.group(1).upper() if version else None
    if tls is None and (
        re.search(r"\(TLS\)", comments)
        or any(re.search(r"^(ESMTPS|ESMTPSA|UTF8SMTPS)$|/TLS", w, re.IGNORECASE) for w in words)
    ):
        tls = "TLS"
    if cipher is None:
        slash = next((w for w in words if "/TLS/" in w.upper()), None)  # ESMTP/TLS/AES128-GCM-SHA256
        return protocol, tls, slash.split("/", 2)[2] if slash else None
    return protocol, tls, cipher.group(1)


def _build(tokens: list[str]) -> str | None:
    words = [t for t in tokens if not t.startswith("(")]
    return words[0] if words and _BUILD.match(words[0]) else None


def parse_date(text: str) -> datetime | None:
    """An RFC 5322 date, or the ISO-like forms some MTAs write; None when neither reads."""
    text = re.sub(r"\([^)]*\)", " ", text).strip()
    if not text:
        return None
    try:
        # Fractions of a second (`02:54:16.987`) are not RFC 5322; the second is precise enough.
        value = parsedate_to_datetime(re.sub(r"(\d{2}:\d{2}:\d{2})\.\d+", r"\1", text))
    except (TypeError, ValueError, IndexError, OverflowError):  # a 20-digit year is not a date
        value = None
    if value is not None and value.tzinfo is not None:
        return value
    match = _ISO_DATE.search(text)
    if match is None:
        return None
    year, month, day, hour, minute, second = (int(match.group(n)) for n in range(1, 7))
    zone = (match.group(8) or "").upper()
    offset = timedelta(0)
    if zone[:1] in ("+", "-"):
        offset = timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5])) * (1 if zone[0] == "+" else -1)
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=timezone(offset))
    except (ValueError, OverflowError):
        return None
