"""Normalisation of deserialized values: Exchange types by .NET type name, enums by name, graphs stay finite."""

from __future__ import annotations

from linter.snapshot.clixml import reader as clixml
from linter.snapshot.model import InvalidValue
from linter.snapshot.normalize import CYCLE, Normalizer
from linter.snapshot.psobject import PSObject
from linter.values.size import ByteSize

NS = 'xmlns="http://schemas.microsoft.com/powershell/2004/04"'


def first(body: str) -> PSObject:
    value = clixml.read(f'<Objs Version="1.1.0.1" {NS}>{body}</Objs>'.encode(), "t.xml")[0].value
    assert isinstance(value, PSObject)
    return value


def unlimited(inner: str, text: str, props: str) -> str:
    return (
        f'<Obj RefId="0"><TN RefId="0"><T>Microsoft.Exchange.Data.Unlimited`1[[{inner}]]</T>'
        f"<T>System.ValueType</T><T>System.Object</T></TN><ToString>{text}</ToString><Props>{props}</Props></Obj>"
    )


def test_unlimited_values() -> None:
    normalizer = Normalizer()
    size = "Microsoft.Exchange.Data.ByteQuantifiedSize, Microsoft.Exchange.Data"
    assert normalizer.value(first(unlimited(size, "Unlimited", '<B N="IsUnlimited">true</B>'))) == ByteSize(None)
    limited = unlimited(
        size, "10 MB (10,485,760 bytes)", '<B N="IsUnlimited">false</B><S N="Value">10 MB (10,485,760 bytes)</S>'
    )
    assert normalizer.value(first(limited)) == ByteSize(10_485_760)
    count = unlimited("System.Int32", "5000", '<B N="IsUnlimited">false</B><I32 N="Value">5000</I32>')
    assert Normalizer().value(first(count)) == 5000
    endless = unlimited("System.Int32", "Unlimited", '<B N="IsUnlimited">true</B>')
    assert Normalizer().value(first(endless)) == "Unlimited"


def test_enum_flag_enum_and_enum_without_tostring() -> None:
    flags = first(
        '<Obj RefId="0"><TN RefId="0"><T>Microsoft.Exchange.Data.PermissionGroups</T><T>System.Enum</T>'
        "</TN><ToString>AnonymousUsers</ToString><I32>1</I32></Obj>"
    )
    assert Normalizer().value(flags) == ["AnonymousUsers"]  # a one-name flag enum is still a list
    plain = first(
        '<Obj RefId="0"><TN RefId="0"><T>Microsoft.Exchange.Data.TlsAuthLevel</T><T>System.Enum</T>'
        "</TN><I32>3</I32></Obj>"
    )
    assert Normalizer().value(plain) == "3"  # no name written: the number, as text, never a guess


def test_invalid_exchange_value_is_kept_with_its_reason() -> None:
    seen: list[str] = []
    bad = first(
        '<Obj RefId="0"><TN RefId="0"><T>Microsoft.Exchange.Data.IPRange</T><T>System.Object</T></TN>'
        "<ToString>10.0.0.9-10.0.0.1</ToString></Obj>"
    )
    value = Normalizer(lambda obj, kind, reason: seen.append(kind)).value(bad)
    assert isinstance(value, InvalidValue) and "ends before it starts" in value.reason
    assert seen == ["IPRange"]


def test_dictionary_and_cycle() -> None:
    table = first(
        '<Obj RefId="0"><TN RefId="0"><T>System.Collections.Hashtable</T></TN><DCT>'
        '<En><S N="Key">self</S><Ref N="Value" RefId="0" /></En>'
        '<En><I32 N="Key">7</I32><S N="Value">seven</S></En></DCT></Obj>'
    )
    assert Normalizer().value(table) == {"self": CYCLE, "7": "seven"}


def test_shared_references_are_normalised_once() -> None:
    record = first(
        '<Obj RefId="0"><TN RefId="0"><T>X.Record</T></TN><Props>'
        '<Obj N="A" RefId="1"><TN RefId="1"><T>System.Object[]</T></TN><LST><S>x</S></LST></Obj>'
        '<Ref N="B" RefId="1" /></Props></Obj>'
    )
    normalizer = Normalizer()
    a, b = normalizer.value(record.get("A")), normalizer.value(record.get("B"))
    assert a == ["x"] and a is b


def test_nested_record_without_tostring_becomes_a_mapping() -> None:
    record = first(
        '<Obj RefId="0"><TN RefId="0"><T>X.Outer</T></TN><Props><Obj N="Inner" RefId="1">'
        '<TN RefId="1"><T>X.Inner</T></TN><Props><I32 N="Port">25</I32><Nil N="Host" /></Props>'
        '<MS><BA N="SerializationData">AAAA</BA></MS></Obj></Props></Obj>'
    )
    assert Normalizer().value(record.get("Inner")) == {"Port": 25, "Host": None}


def test_each_distinct_text_is_parsed_once_and_each_bad_occurrence_still_warns() -> None:
    def ranges(*texts: str) -> str:
        items = "".join(
            f'<Obj RefId="{n + 1}"><TN RefId="{n + 1}"><T>Microsoft.Exchange.Data.IPRange</T></TN>'
            f"<ToString>{text}</ToString></Obj>"
            for n, text in enumerate(texts)
        )
        return f'<Obj RefId="0"><TN RefId="0"><T>System.Object[]</T></TN><LST>{items}</LST></Obj>'

    seen: list[int] = []
    normalizer = Normalizer(lambda obj, kind, reason: seen.append(obj.line))
    first_list = normalizer.value(first(ranges("40.92.0.0/15", "10.0.0.9-10.0.0.1")))
    second_list = normalizer.value(first(ranges("40.92.0.0/15", "10.0.0.9-10.0.0.1")))
    assert first_list[0] is second_list[0]  # frozen, so sharing one parsed value is safe
    assert str(first_list[0]) == "40.92.0.0/15"
    assert isinstance(first_list[1], InvalidValue) and isinstance(second_list[1], InvalidValue)
    assert len(seen) == 2  # one warning per object that holds the bad value, not per distinct text
