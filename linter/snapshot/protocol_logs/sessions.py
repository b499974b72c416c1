"""One SMTP session's events -> what it shows: who connected, what the server offered, whether
STARTTLS was offered, masked or used, how TLS went, which certificate, and every reply code.

On a receive log `>` lines are Exchange's own (banner, EHLO answer, replies) and `<` the peer's
commands; on a send log it is the other way round: the peer's banner and EHLO answer arrive in
`<` lines, and that is where a firewall's SMTP inspection shows (`250-XXXXXXXA` for STARTTLS).
Facts: the evidence corpus NOTES.md 3; hybrid-facts.md 10.6 for Exchange Online's answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from linter.snapshot.protocol_logs.reader import RawSession

_REPLY = re.compile(r"^\s*([2-5]\d\d)[ -]")
_ENHANCED = re.compile(r"\b([245]\.\d{1,3}\.\d{1,3})\b")
# STARTTLS overwritten by an inspecting firewall: X's (the last letter may survive) or asterisks
# of the keyword's length where the capability belongs.
_MASKED = re.compile(r"^(X{3,}A?|\*{4,})$")
_TLS_OK = re.compile(r"TLS protocol (SP_PROT_\w+) negotiation succeeded", re.IGNORECASE)
_TLS_FAILED = re.compile(r"TLS negotiation failed with error (\w+)", re.IGNORECASE)
_THUMBPRINT = re.compile(r"^[0-9A-Fa-f]{40}$")
_SEGMENT = re.compile(r"(?:^|\s)250([ -])\s*(.*?)(?=\s250[ -]|$)")
_CHAIN_STATUS = re.compile(r"certificate chain validation status:\s*'([^']*)'", re.IGNORECASE)
_DOMAIN_CAPABILITIES = re.compile(r"TlsDomainCapabilities='([^']*)';\s*Status='([^']*)'", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class SessionFacts:
    log_type: str
    connector: str
    remote_ip: str | None
    remote_port: str | None
    local_endpoint: str
    ehlo: str | None  # the name the client gave (the peer on receive, Exchange on send)
    banner: str | None  # the server's 220 greeting (Exchange's on receive, the peer's on send)
    offered: tuple[str, ...]  # the server's first EHLO answer, keyword per capability
    starttls_offered: bool | None  # None when no EHLO answer was logged
    starttls_masked: bool
    starttls_used: bool
    tls_protocol: str | None
    tls_error: str | None
    certificate_subject: str | None
    certificate_thumbprint: str | None
    domain_capabilities: str | None
    domain_capabilities_status: str | None
    chain_status: str | None  # the peer certificate's chain validation, as Exchange logged it
    replies: tuple[str, ...]  # reply codes of the server, in order, without repeats
    enhanced_codes: tuple[str, ...]
    texts: tuple[str, ...]  # the server's 4xx/5xx replies and the errors Exchange logged, as written


def analyse(session: RawSession) -> SessionFacts:
    receive = session.log_type == "SmtpReceive"
    server_says, client_says = (">", "<") if receive else ("<", ">")
    remote_ip, remote_port = _split_endpoint(session.remote_endpoint)
    ehlo = banner = tls_protocol = tls_error = subject = thumbprint = capabilities = status = chain = None
    offered: list[str] = []
    answer = "waiting"  # the server's first EHLO answer: waiting for the EHLO, reading it, read
    used = False
    replies: list[str] = []
    enhanced: list[str] = []
    texts: list[str] = []
    for event in session.events:
        data = event.data.strip()
        if event.event == client_says:
            verb, _, rest = data.partition(" ")
            if verb.upper() in ("EHLO", "HELO"):
                ehlo = ehlo or rest.strip() or None
                answer = "reading" if answer == "waiting" else answer
            elif verb.upper() == "STARTTLS":
                used = True
        elif event.event == server_says:
            code = _REPLY.match(data)
            if code is None:
                continue
            reply = code.group(1)
            replies.extend([reply] if reply not in replies else [])
            enhanced.extend(c for c in _ENHANCED.findall(data) if c not in enhanced)
            banner = banner or (data if reply == "220" else None)
            if reply == "250" and answer == "reading":
                keywords, last = _ehlo_answer(data)
                offered.extend(keywords)
                answer = "read" if last else answer
            if reply[0] in "45":
                texts.append(data)
        else:  # `*` information: the text is in `data` or, with an empty `data`, in `context`
            context = event.context.strip().lower()
            info = data or event.context.strip()
            if (match := _TLS_OK.search(info)) is not None:
                tls_protocol = match.group(1)
            elif (match := _TLS_FAILED.search(info)) is not None:
                tls_error = match.group(1)
                texts.append(info)
            elif (match := _DOMAIN_CAPABILITIES.search(info)) is not None:
                capabilities, status = match.group(1), match.group(2)
            elif (match := _CHAIN_STATUS.search(info)) is not None:
                chain = match.group(1)
            elif context == "certificate subject":
                subject = data
            elif context == "certificate thumbprint":
                thumbprint = data
            elif context.startswith("sending certificate subject"):  # one event, values space-separated
                subject = data.split(" CN=", 1)[0] if data.startswith("CN=") else subject
                thumbprint = next((w for w in data.split() if _THUMBPRINT.match(w)), thumbprint)
            elif "failed" in info.lower():
                texts.append(info)
    return SessionFacts(
        log_type=session.log_type,
        connector=session.connector,
        remote_ip=remote_ip,
        remote_port=remote_port,
        local_endpoint=session.local_endpoint,
        ehlo=ehlo,
        banner=banner,
        offered=tuple(offered),
        starttls_offered=any(k.upper() == "STARTTLS" for k in offered) if answer != "waiting" else None,
        starttls_masked=any(_MASKED.match(k) for k in offered),
        starttls_used=used,
        tls_protocol=tls_protocol,
        tls_error=tls_error,
        certificate_subject=subject,
        certificate_thumbprint=thumbprint,
        domain_capabilities=capabilities,
        domain_capabilities_status=status,
        chain_status=chain,
        replies=tuple(replies),
        enhanced_codes=tuple(enhanced),
        texts=tuple(dict.fromkeys(texts)),
    )


def _split_endpoint(endpoint: str) -> tuple[str | None, str | None]:
    endpoint = endpoint.strip()
    if not endpoint:
        return None, None
    host, sep, port = endpoint.rpartition(":")
    if not sep or not port.isdigit():
        return endpoint.strip("[]"), None
    return host.strip("[]"), port


def _ehlo_answer(data: str) -> tuple[list[str], bool]:
    """(capability keywords, whether the answer ends here) of one logged line of an EHLO answer:
    Exchange's own, all on one line (`250  HOST Hello [ip] SIZE 37748736 ... STARTTLS ...`), one
    line of a multi-line answer (`250-SIZE 37748736`), or several joined (`250-A 250-B 250 C`)."""
    keywords: list[str] = []
    last = False
    for separator, text in _SEGMENT.findall(data):
        last = separator == " "
        text = text.strip()
        if "hello" in text.lower():
            after = text.split("]", 1)[1] if "]" in text else ""
            keywords.extend(w for w in after.split() if not w.isdigit())  # SIZE's number is not one
        elif text:
            keywords.append(text.split()[0])
    return keywords, last
