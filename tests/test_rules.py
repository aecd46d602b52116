"""Every rule's own examples (grammars/rules/*.toml), and rule files checked on load."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from claims.errors import ResourceError
from claims.extraction.extract import explain_document
from claims.extraction.extract_resources import needs, viable
from claims.extraction.lexicon import default_lexicon
from claims.extraction.number_vetoes import NUMBER_VETOES
from claims.extraction.rules import Element, Example, Rule, default_rules, load_rules
from claims.model import Claim, Document
from claims.text.keys import halfwidth

RULES = default_rules()
POSITIVE = [(rule, ex) for rule in RULES for ex in rule.positives]
NEGATIVE = [(rule, ex) for rule in RULES for ex in rule.negatives]


def _at(example: Example) -> tuple[list[Claim], list[str]]:
    """The claims and the ids of the deciding rules that overlap the example's quote."""
    claims, decisions = explain_document(Document("example", "example", example.text, title=example.title))
    start = example.text.index(example.quote)
    end = start + len(example.quote)
    overlapping = [c for c in claims if c.start < end and start < c.end]
    deciders = [decision.rule for (a, b), decision in decisions.items() if a < end and start < b]
    return overlapping, deciders


def _field(claim: Claim, name: str) -> object:
    return {"subject": claim.subject_key, "attribute": claim.attribute_key}.get(name, getattr(claim, name))


@pytest.mark.parametrize(("rule", "example"), POSITIVE, ids=[f"{r.id}: {e.text}" for r, e in POSITIVE])
def test_positive_example(rule: Rule, example: Example) -> None:
    claims, deciders = _at(example)
    if rule.kind == "none":
        assert not claims, f"{rule.id} should leave {example.quote!r} unclaimed"
        # a number that is no figure (图 3: a label) is set aside by a number veto before any rule
        assert not deciders or rule.id in deciders or set(deciders) <= {v.id for v in NUMBER_VETOES}
        return
    assert rule.id in deciders, f"{example.quote!r} decided by {deciders}, not {rule.id}"
    assert len(claims) == 1
    claim = claims[0]
    for name, wanted in example.expect.items():
        got = _field(claim, name)
        if isinstance(wanted, (int, float)) and not isinstance(wanted, bool):
            assert got == pytest.approx(wanted, rel=1e-9), name
        else:
            assert got == wanted, name


@pytest.mark.parametrize(("rule", "example"), NEGATIVE, ids=[f"{r.id}: {e.text}" for r, e in NEGATIVE])
def test_negative_example(rule: Rule, example: Example) -> None:
    _, deciders = _at(example)
    assert rule.id not in deciders


def test_every_rule_has_an_example() -> None:
    assert [r.id for r in RULES if not r.positives] == []


def _rules_dir(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "x.toml").write_text(body, encoding="utf-8")
    return folder


GOOD = '[[rule]]\nid = "a"\nkind = "price"\npattern = "QTY:currency"\n'


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "".join(GOOD.replace('"a"', f'"{n}"') for n in "abc") + GOOD.replace("currency", "currency MONY"),
            "16: rule[3].pattern: unknown class MONY",
        ),
        (
            '[[rule]]\nid = "a"\nkind = "price"\npattern = "QTY:currency MONY"\n',
            "4: rule[0].pattern: unknown class MONY",
        ),
        ('[[rule]]\nid = "a"\nkind = "prize"\npattern = "QTY"\n', "3: rule[0].kind: unknown kind 'prize'"),
        (
            '[[rule]]\nid = "a"\nkind = "price"\npattern = "ACQUIRE"\n',
            "4: rule[0].pattern: needs exactly one QTY",
        ),
        (
            '[[rule]]\nid = "a"\nkind = "price"\npattern = "QTY:money"\n',
            "4: rule[0].pattern: unknown dimension money",
        ),
        (
            '[[rule]]\nid = "a"\nkind = "price"\npattern = "ENTITY@owner QTY"\n',
            "4: rule[0].pattern: unknown capture @owner",
        ),
        ('[[rule]]\nkind = "price"\npattern = "QTY"\n', "1: rule[0].id: missing"),
        (GOOD + GOOD, "6: rule[1].id: a already defined in"),
        (
            GOOD + '[[rule.example]]\ntext = "x"\nquote = "y"\n',
            "7: rule[0].example[0].quote: 'y' is not in the text",
        ),
    ],
)
def test_malformed_rules_name_the_spot(tmp_path: Path, body: str, message: str) -> None:
    folder = _rules_dir(tmp_path, body)
    with pytest.raises(ResourceError) as caught:
        load_rules(folder)
    assert str(caught.value).startswith(f"{folder / 'x.toml'}:{message}")


def test_shipped_rule_errors_read_relative_to_the_checkout(tmp_path: Path) -> None:
    from claims.extraction.rules import _show
    from claims.resources import grammars_dir

    assert _show(grammars_dir() / "rules" / "x.toml") == "grammars/rules/x.toml"


# --- lexicons: checked on load, extended without code ------------------------------------------

LEXICONS = ("entities", "benchmarks", "attributes", "modality", "cues")


def _lexicon_dir(tmp_path: Path) -> Path:
    from claims.resources import grammars_dir

    folder = tmp_path / "lexicons"
    folder.mkdir()
    for name in LEXICONS:
        source = grammars_dir() / "lexicons" / f"{name}.toml"
        (folder / f"{name}.toml").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("file", "addition", "message"),
    [
        (
            "entities",
            '\n[[entity]]\nkey = "X"\ntype = "robot"\naliases = []\n',
            "entity[{n}].type: unknown type 'robot'",
        ),
        ("entities", '\n[[entity]]\ntype = "org"\n', "entity[{n}]: no key"),
        (
            "benchmarks",
            '\n[[benchmark]]\nkey = "B"\ntype = "exam"\n',
            "benchmark[{n}].type: expected benchmark or metric",
        ),
        (
            "attributes",
            '\n[[attribute]]\nkey = "k"\nforms = ["k"]\n',
            "attribute[{n}].dimensions: at least one",
        ),
        ("cues", '\n[lower]\nforms = ["x"]\n', "[lower]: a class name is CAPITALS"),
        ("cues", '\n[EMPTYISH]\nforms = [""]\n', "EMPTYISH.forms: expected a list of non-empty strings"),
    ],
)
def test_malformed_lexicons_name_the_spot(tmp_path: Path, file: str, addition: str, message: str) -> None:
    import tomllib

    from claims.extraction.lexicon import load_lexicon

    folder = _lexicon_dir(tmp_path)
    path = folder / f"{file}.toml"
    table = {"entities": "entity", "benchmarks": "benchmark", "attributes": "attribute"}.get(file)
    count = len(tomllib.loads(path.read_text(encoding="utf-8")).get(table, [])) if table else 0
    before = path.read_text(encoding="utf-8")
    path.write_text(before + addition, encoding="utf-8")
    with pytest.raises(ResourceError) as caught:
        load_lexicon(folder)
    assert caught.value.path == str(path)
    assert caught.value.line is not None and caught.value.line > before.count("\n")  # in the addition
    assert message.format(n=count) in str(caught.value)


def test_a_user_alias_reaches_the_claims_without_code(tmp_path: Path) -> None:
    from claims.extraction.extract import ExtractResources, extract
    from claims.extraction.lexicon import load_lexicon
    from claims.quantities.find import default_quantity_resources

    text = "小鹏以 6 亿元收购滴滴自动驾驶业务。"
    before = extract(text)[0]
    folder = _lexicon_dir(tmp_path)
    entities = folder / "entities.toml"
    entities.write_text(
        entities.read_text(encoding="utf-8")
        + '\n[[entity]]\nkey = "XPeng"\ntype = "org"\naliases = ["小鹏", "小鹏汽车"]\n',
        encoding="utf-8",
    )
    lexicon = load_lexicon(folder)
    resources = ExtractResources(lexicon, load_rules(lexicon=lexicon), default_quantity_resources())
    after = extract(text, resources=resources)[0]
    assert (before.subject_key, after.subject_key) == (None, "XPeng")
    assert after.kind == "price" and after.unit == "CNY"


def test_claims_rules_prints_the_order_the_extractor_tries(cli, tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "b.toml").write_text(
        '[[rule]]\nid = "price.late"\nkind = "price"\npattern = "QTY:currency"\n'
        '[[rule]]\nid = "none.first"\nkind = "none"\npattern = "QTY"\npriority = 100\n',
        encoding="utf-8",
    )
    (folder / "a.toml").write_text(
        '[[rule]]\nid = "score.level"\nkind = "score"\npattern = "BENCHMARK QTY:percent|number"\n',
        encoding="utf-8",
    )
    result = cli("rules", "--rules", folder)
    assert result.code == 0
    assert result.out.splitlines() == [
        "order  priority  file    id           kind   dimensions",
        "1      100       b.toml  none.first   none   any",
        "2      0         a.toml  score.level  score  number|percent",
        "3      0         b.toml  price.late   price  currency",
    ]


def test_claims_rules_lists_every_shipped_rule(cli) -> None:
    result = cli("rules")
    assert result.code == 0
    ids = [line.split()[3] for line in result.out.splitlines()[1:]]
    assert ids == [rule.id for rule in RULES]


def test_what_a_rule_needs_stands_in_each_of_its_examples() -> None:
    """A rule is skipped where a cue class it needs cannot stand (`extract_resources.needs`): that
    must never be a sentence it matches."""
    lexicon = default_lexicon()
    for rule, example in POSITIVE:
        text = halfwidth(example.text)
        present = lexicon.cue_classes_in(text, 0, len(text))
        assert viable(needs(rule, lexicon.classes), present), f"{rule.id}: {example.text}"


def test_needs_lists_required_cue_classes_only() -> None:
    lexicon = default_lexicon()
    cue = next(iter(lexicon.classes))
    required, optional = Element(cue), Element(cue, optional=True)
    either = Element(f"{cue}|ENTITY")
    rule = replace(RULES[0], before=(required, optional, either), after=(Element(cue, negated=True),))
    assert needs(rule, lexicon.classes) == (frozenset({cue}), ())
    assert not viable(needs(rule, lexicon.classes), frozenset())
