"""Received fields: clauses, addresses, TLS, Exchange builds and dates in the forms real MTAs write."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from linter.values.received import ReceivedHop, parse_received


def test_an_exchange_online_frontend_hop() -> None:
    hop = parse_received(
        "from SMTP10.cardinalhealth.com (199.230.200.198) by\r\n BY2NAM03FT014.mail.protection.outlook.com"
        " (10.152.84.239) with Microsoft SMTP\r\n Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384)"
        " id\r\n 15.20.1580.10 via Frontend Transport; Wed, 13 Feb 2019 10:48:12 +0000"
    )
    assert (hop.from_host, hop.from_ip) == ("SMTP10.cardinalhealth.com", "199.230.200.198")
    assert (hop.by_host, hop.by_ip) == ("BY2NAM03FT014.mail.protection.outlook.com", "10.152.84.239")
    assert (hop.protocol, hop.tls, hop.build, hop.via) == (
        "Microsoft SMTP Server",
        "TLS1_2",
        "15.20.1580.10",
        "Frontend Transport",
    )
    assert hop.cipher == "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"
    assert hop.time == datetime(2019, 2, 13, 10, 48, 12, tzinfo=timezone.utc)


def test_on_premises_exchange_with_local_offset_and_bare_tls() -> None:
    hop = parse_received(
        "from WPIL0210EXCAS23.cardinalhealth.net (161.244.3.66) by\n WPOH0019EXHYB01.cardinalhealth.net"
        " (10.212.25.115) with Microsoft SMTP Server\n (TLS) id 14.3.361.1; Wed, 13 Feb 2019 05:47:32 -0500"
    )
    assert (hop.tls, hop.build) == ("TLS", "14.3.361.1")
    assert hop.time is not None and hop.time.utcoffset() == timedelta(hours=-5)


def test_gateway_forms_name_brackets_and_slashed_tls() -> None:
    ironport = parse_received(
        "from mail-it1-f201.google.com ([209.85.166.201])  by\n smtp2.cardinal.com with ESMTP/TLS/AES128-GCM-SHA256;"
        " 13 Feb 2019 04:47:15\n -0600"
    )
    assert (ironport.from_ip, ironport.by_host, ironport.tls, ironport.cipher) == (
        "209.85.166.201",
        "smtp2.cardinal.com",
        "TLS",
        "AES128-GCM-SHA256",
    )
    postfix = parse_received(
        "from wm.ville-saumur.fr (unknown [10.1.0.124])\n by imsva82a.ville-saumur.fr (Postfix) with ESMTPS\n"
        " for <x@example.fr>; Wed, 13 Dec 2017 16:10:01 +0100 (CET)"
    )
    assert (postfix.from_host, postfix.from_ip, postfix.by_host, postfix.tls) == (
        "wm.ville-saumur.fr",
        "10.1.0.124",
        "imsva82a.ville-saumur.fr",
        "TLS",
    )


def test_dates_without_a_semicolon_and_with_fractions() -> None:
    sendgrid = parse_received(
        "by filter0652p1las1.sendgrid.net with SMTP id filter0652p1las1-5089-5ADBF958-25\n"
        "        2018-04-22 02:54:17.028704749 +0000 UTC"
    )
    assert sendgrid.by_host == "filter0652p1las1.sendgrid.net"
    assert sendgrid.time == datetime(2018, 4, 22, 2, 54, 17, tzinfo=timezone.utc)
    fraction = parse_received("from a by b with ESMTP; Sun, 22 Apr 2018 02:54:16.987 +0000 (UTC)")
    assert fraction.time == datetime(2018, 4, 22, 2, 54, 16, tzinfo=timezone.utc)


def test_a_mapi_submission_and_an_unreadable_date() -> None:
    hop = parse_received("from EX01 ([fe80::1]) by EX01 ([fe80::1%12]) with mapi id 15.01.1374.000; yesterday")
    assert (hop.protocol, hop.build, hop.from_ip, hop.time) == ("mapi", "15.01.1374.000", "fe80::1", None)


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from([*"abc.:;()[]<> -=/+0123456789", "\n", "\t", "\x00", "é"]), max_size=120))
def test_any_text_reads_as_a_hop_without_an_error(text: str) -> None:
    assert isinstance(parse_received(text), ReceivedHop)


def test_dates_out_of_range_read_as_unknown_not_an_error() -> None:
    # Found by the fuzzer: a year of 20 digits overflowed inside the standard library.
    assert parse_received("from a by b; Tue, 18 Nov 99999999999999999999 09:14:07 +0000").time is None
    assert parse_received("by b with SMTP id x 99999999999999999999-04-22 02:54:17 +0000 UTC").time is None
