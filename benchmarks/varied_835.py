"""Varied multi-payer 835 content for the benchmarks, made up on the spot (seeded).

Real batches of remittances differ from payer to payer: which optional
segments a claim or a service line carries (patient, insured, corrected and
rendering names, MIA/MOA, references, dates, amounts, quantities, remarks),
in which order they come where the implementation guide leaves it free (the
segments of one kind inside loop 2100 or 2110, the names of 2100), how many
lines a claim has, and how each payer lays its interchange out (separators,
terminator, line breaks). :func:`varied_835` writes such a batch: one
interchange per payer, each balanced (SVC02 - line CAS = SVC03, CLP03 - CAS =
CLP04, BPR02 = sum of CLP04 - PLB), with optional segments present at random.
:func:`LAYOUTS` are the layouts a batch of many payers arrives in;
``layout="plain"`` writes every interchange with ``*``, ``:``, ``^`` and ``~``,
``layout="mixed"`` gives each interchange one of the others in turn. The same
``seed`` gives the same content in every layout, so the two can be compared.

No patient data: names and identifiers are made of counters.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

__all__ = ["LAYOUTS", "Layout", "varied_835"]

# (element, component, repetition, terminator, text after each terminator)
Layout = tuple[str, str, str, str, str]
PLAIN: Layout = ("*", ":", "^", "~", "")
LAYOUTS: list[Layout] = [
    ("*", ":", "^", "~", "\r\n"),
    ("+", ">", "!", "'", ""),
    ("|", "\\", "^", "~", "\n"),
    ("*", ">", "{", "\n", ""),
    ("^", ":", "}", "'", "\n"),
    ("*", ":", "^", "~", ""),
]

CPT = ["99213", "99214", "99203", "97110", "97140", "36415", "80053", "85025", "93000"]
CPT += ["71046", "99232", "G0439", "J3420", "90471", "90686", "11721", "20610", "99395"]
MODS = ["25", "59", "GP", "LT", "RT", "XU", "26", "TC"]
RARC = ["N130", "M15", "MA130", "N381", "N19", "M80", "N522", "MA01"]
GROUPS_CO = ["45", "253", "97", "59", "B7"]
GROUPS_PR = ["1", "2", "3"]


def _money(cents: int) -> str:
    sign, cents = ("-", -cents) if cents < 0 else ("", cents)
    text = f"{sign}{cents // 100}.{cents % 100:02d}"
    return text[:-3] if text.endswith(".00") else text


def _date(rng: random.Random) -> str:
    return f"2025{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}"


def _maybe(rng: random.Random, p: float, segs: list[str], *options: str) -> None:
    if rng.random() < p:
        segs.append(rng.choice(options))


def _line(
    rng: random.Random, n: int, k: int, sign: int, denied: bool
) -> tuple[list[str], int, int]:
    """One 2110 loop: its segments, charge and paid in cents."""
    charge = rng.randrange(2000, 90000, 5)
    allowed = charge * rng.randrange(40, 95) // 100
    pr = 0 if rng.random() < 0.5 else min(allowed, rng.choice((1000, 2000, 2500, 4000)))
    paid = 0 if denied else allowed - pr
    co = charge - pr - paid
    mods = rng.sample(MODS, rng.choice((0, 0, 0, 1, 1, 2, 4)))
    proc = ":".join(["HC", rng.choice(CPT), *mods])
    units = rng.choice(("1", "1", "1", "2", "3", ""))
    svc = f"SVC*{proc}*{_money(sign * charge)}*{_money(sign * paid)}*"
    svc += ("*" + units) if units else ""
    if rng.random() < 0.1:  # a bundled or changed procedure: SVC06/07
        svc += ("" if units else "*") + f"*HC:{rng.choice(CPT)}*1"
    dates = [f"DTM*472*{_date(rng)}"]
    if rng.random() < 0.25:
        dates = [f"DTM*150*{_date(rng)}", f"DTM*151*{_date(rng)}"]
    elif rng.random() < 0.3:
        dates = []  # the claim's dates stand for the line's
    cas = []
    if co:
        if co > 500 and rng.random() < 0.3:  # split over two reasons, one segment or two
            first = co // 3
            a, b = rng.sample(GROUPS_CO, 2)
            if rng.random() < 0.5:
                cas.append(f"CAS*CO*{a}*{_money(sign * first)}**{b}*{_money(sign * (co - first))}")
            else:
                cas += [
                    f"CAS*CO*{a}*{_money(sign * first)}",
                    f"CAS*CO*{b}*{_money(sign * (co - first))}",
                ]
        else:
            cas.append(f"CAS*CO*{rng.choice(GROUPS_CO)}*{_money(sign * co)}")
    if pr:
        cas.append(f"CAS*PR*{rng.choice(GROUPS_PR)}*{_money(sign * pr)}*{rng.choice(('1', ''))}")
    if rng.random() < 0.5:
        rng.shuffle(cas)
    refs = []
    _maybe(rng, 0.7, refs, f"REF*6R*L{n:07d}{k}")
    _maybe(rng, 0.15, refs, "REF*LU*11", "REF*0K*CHANGED")
    _maybe(rng, 0.1, refs, "REF*HPI*1234567893", "REF*SY*123456789")
    _maybe(rng, 0.1, refs, "REF*1S*APG01", "REF*APC*0012")
    rng.shuffle(refs)
    amts = []
    if not denied and rng.random() < 0.8:
        amts.append(f"AMT*B6*{_money(sign * allowed)}")
    _maybe(rng, 0.1, amts, f"AMT*KH*{_money(sign * pr)}", "AMT*T*0")
    rng.shuffle(amts)
    tail = []
    _maybe(rng, 0.1, tail, "QTY*ZK*1", "QTY*NE*2")
    for _ in range(rng.choice((0, 0, 0, 1, 1, 2))):
        tail.append(f"LQ*{rng.choice(('HE', 'HE', 'RX'))}*{rng.choice(RARC)}")
    return [svc, *dates, *cas, *refs, *amts, *tail], charge, paid


def _claim(rng: random.Random, n: int) -> tuple[list[str], int]:
    """One 2100 loop and its lines: segments and paid amount in cents."""
    status = rng.choices(["1", "2", "3", "4", "22", "19"], [70, 8, 4, 8, 4, 6])[0]
    sign = -1 if status == "22" else 1
    denied = status == "4"
    lines = []
    charge_total = paid_total = 0
    for k in range(rng.choice((0, 1, 1, 2, 2, 2, 3, 4, 6))):
        segs, charge, paid = _line(rng, n, k, sign, denied)
        lines.append(segs)
        charge_total += charge
        paid_total += paid
    claim_cas = []
    if not lines:  # a claim without lines: its adjustments sit on the claim
        charge_total = rng.randrange(5000, 200000, 5)
        paid_total = 0 if denied else charge_total * rng.randrange(30, 90) // 100
        claim_cas.append(f"CAS*CO*45*{_money(sign * (charge_total - paid_total))}")
    pr_total = 0
    for text in (s for line in lines for s in line):
        if text.startswith("CAS*PR*"):
            pr_total += round(float(text.split("*")[3]) * 100) * sign
    clp = [
        "CLP",
        f"PCN{n:08d}",
        status,
        _money(sign * charge_total),
        _money(sign * paid_total),
        _money(sign * pr_total) if pr_total or rng.random() < 0.5 else "",
        rng.choice(("12", "13", "MB", "MC", "CI", "HM")),
        f"ICN{n:011d}",
        rng.choice(("11", "11", "22", "81")),
        rng.choice(("1", "1", "7", "")),
    ]
    while clp[-1] == "":
        clp.pop()
    names = [f"NM1*QC*1*PATIENT{n % 997}*FIRST{n % 89}****MI*M{n:09d}"]
    _maybe(rng, 0.3, names, f"NM1*IL*1*INSURED{n % 991}*FIRST{n % 83}****MI*S{n:09d}")
    _maybe(rng, 0.05, names, f"NM1*74*1*CORRECTED{n % 97}*FIRST****C*X{n:09d}")
    _maybe(
        rng,
        0.5,
        names,
        "NM1*82*1*RENDERING*DOC****XX*1234567893",
        "NM1*82*2*GROUP PRACTICE*****XX*1234567893",
    )
    _maybe(rng, 0.05, names, "NM1*TT*2*CROSSOVER PLAN*****PI*CO123")
    _maybe(rng, 0.05, names, "NM1*PR*2*PRIORITY PLAN*****PI*PP123")
    names[1:] = rng.sample(names[1:], len(names) - 1)  # QC first; the others in any order
    middle = []
    _maybe(
        rng,
        0.2,
        middle,
        f"MOA***{rng.choice(RARC)}",
        f"MOA*0.1**{rng.choice(RARC)}*{rng.choice(RARC)}",
    )
    _maybe(rng, 0.02, middle, "MIA*0***12.5")
    refs = []
    _maybe(rng, 0.2, refs, f"REF*1K*PAYERREF{n}", f"REF*EA*MR{n}")
    _maybe(rng, 0.1, refs, f"REF*F8*ORIG{n}", "REF*G1*AUTH1", "REF*9A*RP1")
    rng.shuffle(refs)
    dates = []
    if rng.random() < 0.6:
        start = _date(rng)
        dates += (
            [f"DTM*232*{start}", f"DTM*233*{start}"] if rng.random() < 0.7 else [f"DTM*232*{start}"]
        )
    _maybe(rng, 0.7, dates, f"DTM*050*{_date(rng)}")
    _maybe(rng, 0.05, dates, f"DTM*036*{_date(rng)}")
    rng.shuffle(dates)
    tail = []
    _maybe(rng, 0.1, tail, "PER*CX*CLAIMS*TE*5555550199")
    _maybe(rng, 0.4, tail, f"AMT*AU*{_money(sign * charge_total)}", f"AMT*I*{_money(sign * 150)}")
    _maybe(rng, 0.05, tail, "QTY*CA*3", "QTY*ZK*1")
    segs = [*map("*".join, [clp]), *claim_cas, *names, *middle, *refs, *dates, *tail]
    return segs + [s for line in lines for s in line], sign * paid_total


def _payer(rng: random.Random, p: int, claims: int, first: int) -> list[str]:
    """The ISA..IEA of payer ``p``: one or two transactions of ``claims`` claims in all."""
    control = f"{p + 1:09d}"
    isa = (
        f"ISA*00*          *00*          *ZZ*{'PAYER' + str(p):<15}*ZZ*{'CLINIC':<15}*260101*1200"
        f"*^*00501*{control}*0*P*:"
    )
    out = [isa, f"GS*HP*PAYER{p}*CLINIC*20260101*1200*{p + 1}*X*005010X221A1"]
    parts = 1 if claims < 20 or rng.random() < 0.7 else 2
    n = first
    for t in range(parts):
        count = claims if parts == 1 else (claims // 2 if t == 0 else claims - claims // 2)
        body: list[str] = []
        paid = 0
        lx = 0
        for i in range(count):
            if i % max(1, count // rng.choice((1, 1, 2, 3))) == 0:
                lx += 1
                body.append(f"LX*{lx}")
            segs, claim_paid = _claim(rng, n)
            n += 1
            body += segs
            paid += claim_paid
        plb: list[str] = []
        if rng.random() < 0.4:
            amount = rng.choice((1250, -500, 3000))
            plb.append(f"PLB*1234567893*20261231*WO:ICN{first:011d}*{_money(amount)}")
            paid -= amount
        method = "ACH" if paid > 0 else "NON"
        head = [
            f"ST*835*{t + 1:04d}*005010X221A1",
            f"BPR*{'I' if paid else 'H'}*{_money(paid)}*C*{method}*CCP*01*999999992*DA*123456"
            "*1512345678**01*999988880*DA*98765*20260101",
            f"TRN*1*EFT{p:04d}{t:02d}*1512345678",
            "DTM*405*20260101",
            f"N1*PR*PAYER {p} HEALTH PLAN",
            f"N3*{p + 1} PLAN WAY",
            "N4*SPRINGFIELD*IL*62701",
        ]
        _maybe(rng, 0.6, head, f"REF*2U*PAYER{p}")
        _maybe(rng, 0.5, head, "PER*CX*CLAIMS*TE*5555550100")
        head.append("PER*BL*EDI*TE*5555550101")
        head.append("N1*PE*CLINIC*XX*1234567893")
        _maybe(rng, 0.5, head, "N3*5 CLINIC ROAD")
        if head[-1].startswith("N3"):
            head.append("N4*SPRINGFIELD*IL*62704")
        _maybe(rng, 0.6, head, "REF*TJ*123456789")
        segs = head + body + plb
        out += [*segs, f"SE*{len(segs) + 1}*{t + 1:04d}"]
    out += [f"GE*{parts}*{p + 1}", f"IEA*1*{control}"]
    return out


def _payer_sizes(rng: random.Random, size_bytes: int) -> Iterator[int]:
    """Claims per payer: a few large payers and many small ones, about ``size_bytes`` in all."""
    total = 0
    while total < size_bytes:
        claims = rng.choice((5, 20, 60, 150, 400))
        total += claims * 560
        yield claims


def varied_835(size_bytes: int, *, layout: str = "plain", seed: int = 18) -> str:
    """A batch of payers' 835 interchanges, about ``size_bytes`` long (see the module)."""
    rng = random.Random(seed)
    pieces = []
    n = 0
    for p, claims in enumerate(_payer_sizes(rng, size_bytes)):
        segs = _payer(rng, p, claims, n)
        n += claims
        element, component, repetition, term, after = (
            PLAIN if layout == "plain" else LAYOUTS[p % len(LAYOUTS)]
        )
        text = (term + after).join(segs) + term + after
        if (element, component, repetition) != ("*", ":", "^"):
            text = text.translate(str.maketrans({"*": element, ":": component, "^": repetition}))
        pieces.append(text)
    return "".join(pieces)
