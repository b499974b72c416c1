"""Message headers as evidence: header sets read from message files, what each says (hops, verdict)."""
