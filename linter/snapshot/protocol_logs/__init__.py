"""Exchange SMTP protocol logs as evidence: sessions streamed from the CSV logs and what each shows."""
