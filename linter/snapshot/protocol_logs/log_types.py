"""The names that tell Exchange's transport logs apart, in a module of their own: the loader
recognises a log by them without importing the readers."""

from __future__ import annotations

LOG_PREAMBLE = "#Software: Microsoft Exchange Server"  # the first line of every Exchange transport log
# `#Log-type:` values (lower case) of the SMTP protocol logs, and the kind of log each is.
SMTP_LOG_TYPES = {"smtp receive protocol log": "SmtpReceive", "smtp send protocol log": "SmtpSend"}
AGENT_LOG_TYPE = "agent log"
# Evidence kinds whose objects group many log rows: the same group read from two files adds up.
GROUPED_KINDS = frozenset({"SmtpSession", "AgentLogEntry"})
