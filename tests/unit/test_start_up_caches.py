"""What a later run takes from the cache instead of recomputing: certificate fields (by the DER's
hash) and "this snapshot.yaml passed its schema" (by its text). A cached entry must give exactly
what the slow path gives, and a changed input must miss."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from testkit import SAMPLES

from linter.snapshot import certificates
from linter.snapshot.loader import load_snapshot
from linter.support.cache import validated_before
from linter.support.errors import InputError
from linter.values.certificate import CertificateInfo

DER = (SAMPLES / "tools" / "certificates" / "hybrid-2026.der").read_bytes()


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def test_a_cached_certificate_reads_back_as_decoded() -> None:
    first = certificates.decoded_certificate(DER)  # decoded, then kept
    assert first == CertificateInfo.from_der(DER)
    sys.modules.pop("cryptography.x509", None)
    assert certificates.decoded_certificate(DER) == first  # read from the cache


def test_a_damaged_cache_entry_is_decoded_again(tmp_path: Path) -> None:
    certificates.decoded_certificate(DER)
    (entry,) = (tmp_path / "cache" / "hybridlint" / "certificates").iterdir()
    entry.write_text("{not json", encoding="utf-8")
    assert certificates.decoded_certificate(DER) == CertificateInfo.from_der(DER)


def test_only_a_valid_snapshot_yaml_is_remembered(tmp_path: Path) -> None:
    folder = tmp_path / "snapshot"
    folder.mkdir()
    (folder / "Get-AcceptedDomain.json").write_text('[{"Identity":"a.com","DomainName":"a.com"}]', encoding="utf-8")
    good = "organization: Contoso\n"
    (folder / "snapshot.yaml").write_text(good, encoding="utf-8")
    first = load_snapshot([str(folder)]).manifest
    assert validated_before("manifest", good) == {"organization": "Contoso"}
    again = load_snapshot([str(folder)]).manifest  # from the cache: no YAML parser, no schema
    assert again == first
    bad = "organisation: Contoso\n"  # a typo the schema refuses, every time
    (folder / "snapshot.yaml").write_text(bad, encoding="utf-8")
    for _ in range(2):
        with pytest.raises(InputError, match="organisation"):
            load_snapshot([str(folder)])
    assert validated_before("manifest", bad) is None
